-- Item pages (/item/<id>/) list the recent kills where a type was destroyed or dropped, newest first, and the
-- largest losses of it: both read killmail_items by type within recent partitions, which only this index makes
-- a range scan rather than a scan of every item.
create index killmail_items_type_idx on killmail_items (type_id, killmail_time desc);
