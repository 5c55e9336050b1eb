-- Images of the EVE image server kept by `serve`, so pages never depend on it being reachable: /img/ answers from
-- here, asks the image server again after expires_at (with the ETag it gave), and falls back to a generated
-- placeholder when it cannot be reached. A 404 is kept too (status 404, no body), so a missing image is not
-- asked for on every view.
create table image_cache (
  path text primary key,
  status smallint not null check (status in (200, 404)),
  content_type text,
  body bytea,
  etag text,
  fetched_at timestamptz not null,
  expires_at timestamptz not null
);
