"""The demo account's story, as data: who is who, what they wrote and said, what they want.

`generate_demo.py` turns this content into files (CSV, mbox, iCalendar, WebVTT,
documents). Keeping the content here, apart from the writers, lets a reader
follow the story without reading any serialisation code.
"""
