/** The board's refusals, each one readable line for the CLI. */
import { AppError } from "../app/errors.ts";

/** `backfill board` has nothing to walk without entities. */
export const createBoardUnsetError = () =>
  new AppError({ code: "board.unset", message: "BOARD_ENTITIES is not set: `backfill board` fetches the history of a board's entities (e.g. BOARD_ENTITIES=alliance:99000001)", status: 400 });

/** The daily files hold every kill of the game; a board fetches only its entities' history. */
export const createBoardDailyBackfillError = () =>
  new AppError({ code: "board.daily_backfill", message: "BOARD_ENTITIES is set: use `killboard backfill board`, which fetches only their history (the daily files hold every kill)", status: 400 });
