"""Many workers on one crawl: scrapy-redis for the shared frontier, around it the keys that seed it
once, follow the workers and requeue a dead worker's requests (docs/scale-out.md)."""
