"""Rendering in a browser: which requests go through scrapy-playwright and Debian's Chromium, and how.

Only crawls with a rendering site (a profile's ``render`` plan, ``NEWSBOT_RENDER=all`` or the generic
spider's ``-a render=true``) load anything from here at run time; every other crawl keeps Scrapy's
HTTP download handler and starts no browser (docs/rendering.md).
"""
