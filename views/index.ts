// A compiled binary cannot list directories: every view is imported here and registered by name.
import layout from "./layout.eta" with { type: "text" };
import killmailList from "./partials/killmail-list.eta" with { type: "text" };
import killmailRow from "./partials/killmail-row.eta" with { type: "text" };
import attackerTable from "./partials/attacker-table.eta" with { type: "text" };
import killAttackers from "./kill-attackers.eta" with { type: "text" };
import topList from "./partials/top-list.eta" with { type: "text" };
import boardSummary from "./partials/board-summary.eta" with { type: "text" };
import home from "./home.eta" with { type: "text" };
import list from "./list.eta" with { type: "text" };
import kill from "./kill.eta" with { type: "text" };
import entity from "./entity.eta" with { type: "text" };
import search from "./search.eta" with { type: "text" };
import rules from "./rules.eta" with { type: "text" };
import top from "./top.eta" with { type: "text" };
import apiDocs from "./api-docs.eta" with { type: "text" };
import error from "./error.eta" with { type: "text" };
import price from "./price.eta" with { type: "text" };
import item from "./item.eta" with { type: "text" };
import adminLogin from "./admin-login.eta" with { type: "text" };
import adminStatus from "./admin-status.eta" with { type: "text" };
import account from "./account.eta" with { type: "text" };
import post from "./post.eta" with { type: "text" };
import campaign from "./campaign.eta" with { type: "text" };
import campaigns from "./campaigns.eta" with { type: "text" };
import campaignNew from "./campaign-new.eta" with { type: "text" };
import daily from "./daily.eta" with { type: "text" };
import battle from "./battle.eta" with { type: "text" };
import battles from "./battles.eta" with { type: "text" };

export const views = {
  layout, "killmail-list": killmailList, "killmail-row": killmailRow, "attacker-table": attackerTable, "kill-attackers": killAttackers, "top-list": topList, "board-summary": boardSummary, home, list, kill, entity, search, rules, top,
  "api-docs": apiDocs, error, price, item, "admin-login": adminLogin, "admin-status": adminStatus, account, post,
  campaign, campaigns, "campaign-new": campaignNew,
  daily,
  battle, battles,
} as const;

export type ViewName = keyof typeof views;
