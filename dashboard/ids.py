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
COMPARE_FROM = "compare-from"  # the compare control: first year ("" = no comparison) ...
COMPARE_TO = "compare-to"  # ... and second year (native <select>s)

MAP = "map"
MAP_VIEW = "map-view"  # the map's pan/zoom, filtered in the browser from its relayoutData
MAP_FRAME = "map-frame"  # the map panel's size in CSS px, measured in the browser (assets/map.js)
MAP_ZOOM_IN = "map-zoom-in"
MAP_ZOOM_OUT = "map-zoom-out"
MAP_RESET = "map-reset"
MAP_MODE = "map-mode"  # Map | Table
TABLE = "feature-table"
TABLE_SORT = "table-sort"  # {"by": field, "desc": bool} of the Table view
TABLE_SORT_BY = "table-sort-by"  # pattern id of each sortable column header: {"type": ..., "index": field}
TABLE_ROW = "table-row"  # pattern id of each row's name button: {"type": ..., "index": feature id}
TABLE_FILTER = "table-filter"
TABLE_PICK = "table-pick"  # the feature id of a row the user selected (filtered in the browser)
CLEAR_FEATURE = "clear-feature"
CARD_BOX = "detail-card-box"
ANALYSIS_TABS = "analysis-tabs"
MENU_TOGGLE = "menu-toggle"
MENU = "header-menu"
LANG = "lang-pick"  # the language menu (a native <select>); assets/a11y.js remembers an explicit choice
TRADE = "trade-chart"
SECTOR_CHART = "sector-chart"
SECTOR_CARDS = "sector-cards"  # a series with fewer than three full years: its figures as cards
SECTOR_INDICATOR = "sector-indicator"
SECTOR_NOTE = "sector-note"
SECTOR_TABLE = "sector-table"
# Screen-reader summaries of the charts (visually hidden; written from each chart's own table)
MAP_SUMMARY = "map-summary"
TRADE_SUMMARY = "trade-summary"
SECTOR_SUMMARY = "sector-summary"
ANALYSIS_SEEN = "analysis-seen"  # true once the charts below the map have come near the screen
ANNOUNCE = "announce"  # live region: one sentence when the year, sector or reporter changes
TRADE_DATA = "trade-data"  # <details> under the trade chart: its data table and the milestones, built when opened
TRADE_TABLE = "trade-table"

CARD = "detail-card"
HEADLINE = "headline"

# Briefing
DECK = "deck-store"
BRIEFING_START = "briefing-start"
BRIEFING_NEXT = "briefing-next"
BRIEFING_PREV = "briefing-prev"
BRIEFING_EXIT = "briefing-exit"
BRIEFING_BAR = "briefing-bar"
BRIEFING_FULLSCREEN = "briefing-fullscreen"
BRIEFING_NOTES = "briefing-notes"  # the presenter's notes toggle
BRIEFING_RETURN = "briefing-return"  # the view the user had before the briefing started
SLIDE_CALLOUTS = "slide-callouts"
SLIDE_SOURCE = "slide-source-bar"
SLIDE_NOTES_BOX = "slide-notes"
ROOT = "atlas-root"
DECK_OPEN = "deck-open"
DECK_PANEL = "deck-panel"
DECK_LIST = "deck-list"
DECK_ADD = "deck-add"
DECK_RESET = "deck-reset"
DECK_EXPORT = "deck-export"
DECK_DOWNLOAD = "deck-download"
DECK_UPLOAD = "deck-upload"
DECK_MESSAGE = "deck-message"
DECK_DEFAULT = "deck-default"  # the prepared story's JSON, for edits made in the browser
DECK_PENDING = "deck-pending"  # an imported deck waiting for the user's choice: replace or append
DECK_CONFIRM = "deck-confirm"
DECK_CONFIRM_TEXT = "deck-confirm-text"
DECK_REPLACE = "deck-replace"
DECK_APPEND = "deck-append"
DECK_CANCEL = "deck-cancel"
DECK_PPTX = "deck-pptx"
DECK_HTML = "deck-html"
# Pattern-matching ids of the slide list in the deck editor: {"type": SLIDE_*, "index": n}
SLIDE_TITLE = "slide-title"
SLIDE_CAPTION = "slide-caption"
SLIDE_NOTES = "slide-notes-field"
SLIDE_LAYOUT = "slide-layout"
SLIDE_UP = "slide-up"
SLIDE_DOWN = "slide-down"
SLIDE_DELETE = "slide-delete"
SLIDE_GOTO = "slide-goto"
SLIDE_PICK = "slide-pick"  # the slide a "Present from here" button asked for, relayed in the browser

# Sources, exports, sharing
SOURCES_OPEN = "sources-open"
SOURCES_PANEL = "sources-panel"
SOURCES_BODY = "sources-body"
EXPORT_MENU = "export-menu"
SHARE = "share-link"
SHARE_STATUS = "share-status"
DECK_PDF = "deck-pdf"
DECK_PPTX_MENU = "deck-pptx-menu"
DECK_HTML_MENU = "deck-html-menu"
