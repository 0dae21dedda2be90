"""Every component id of the page, in one place."""

URL = "url"
STATE = "view-state"
NOTICE = "notice"

SECTOR = "sector-chips"
LAYERS = "layer-toggles"
REPORTER = "reporter-toggle"
YEAR = "year-slider"
PLAY = "play-button"
PLAY_TIMER = "play-timer"
YEAR_LABEL = "year-label"

MAP = "map"
TRADE = "trade-chart"
SECTOR_CHART = "sector-chart"
SECTOR_INDICATOR = "sector-indicator"
SECTOR_NOTE = "sector-note"
SECTOR_TABLE = "sector-table"

CARD = "detail-card"
HEADLINE = "headline"
