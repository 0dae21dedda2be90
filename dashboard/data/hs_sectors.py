"""HS chapters (2-digit codes of the Harmonized System) and the atlas sector each one counts towards.

Used by the UN Comtrade importer (:mod:`dashboard.data.importer`) to sum chapter-level trade into
the product's sectors. The table is documented in ``docs/IMPORT.md``; change both together.

Rules (by HS section / chapter):

* 01–24 (live animals, vegetable products, fats, foodstuffs, beverages, tobacco) -> ``agriculture``
* 26 (ores, slag and ash), 28 (inorganic chemicals, incl. uranium and other radioactive
  compounds, HS 2844) and 72–83 (base metals and articles thereof) -> ``metals``
* 27 (mineral fuels, mineral oils, gas, electricity) -> ``energy``
* every other chapter -> ``trade`` (trade overall). This includes 71 (precious metals *and*
  jewellery, which cannot be told apart at chapter level) and 25 (salt, stone, cement).

Chapter 77 is reserved in the HS and never used, so it is rejected as an unknown code.
"""

from __future__ import annotations

HS_CHAPTERS: dict[str, str] = {
    "01": "Live animals",
    "02": "Meat and edible meat offal",
    "03": "Fish and crustaceans, molluscs",
    "04": "Dairy produce; eggs; honey",
    "05": "Other products of animal origin",
    "06": "Live trees and plants; cut flowers",
    "07": "Edible vegetables",
    "08": "Edible fruit and nuts",
    "09": "Coffee, tea, maté and spices",
    "10": "Cereals",
    "11": "Milling products; malt; starches",
    "12": "Oil seeds and oleaginous fruits",
    "13": "Lac; gums, resins",
    "14": "Vegetable plaiting materials",
    "15": "Animal or vegetable fats and oils",
    "16": "Preparations of meat or fish",
    "17": "Sugars and sugar confectionery",
    "18": "Cocoa and cocoa preparations",
    "19": "Preparations of cereals, flour, starch or milk",
    "20": "Preparations of vegetables, fruit or nuts",
    "21": "Miscellaneous edible preparations",
    "22": "Beverages, spirits and vinegar",
    "23": "Food industry residues; animal fodder",
    "24": "Tobacco",
    "25": "Salt; sulphur; earths and stone; lime and cement",
    "26": "Ores, slag and ash",
    "27": "Mineral fuels, mineral oils",
    "28": "Inorganic chemicals; rare-earth and radioactive compounds",
    "29": "Organic chemicals",
    "30": "Pharmaceutical products",
    "31": "Fertilisers",
    "32": "Tanning or dyeing extracts; paints",
    "33": "Essential oils; perfumery, cosmetics",
    "34": "Soap, washing preparations, waxes",
    "35": "Albuminoidal substances; glues; enzymes",
    "36": "Explosives; matches",
    "37": "Photographic or cinematographic goods",
    "38": "Miscellaneous chemical products",
    "39": "Plastics and articles thereof",
    "40": "Rubber and articles thereof",
    "41": "Raw hides and skins; leather",
    "42": "Articles of leather; travel goods",
    "43": "Furskins and artificial fur",
    "44": "Wood and articles of wood",
    "45": "Cork",
    "46": "Manufactures of straw; basketware",
    "47": "Pulp of wood",
    "48": "Paper and paperboard",
    "49": "Printed books, newspapers",
    "50": "Silk",
    "51": "Wool, animal hair",
    "52": "Cotton",
    "53": "Other vegetable textile fibres",
    "54": "Man-made filaments",
    "55": "Man-made staple fibres",
    "56": "Wadding, felt, nonwovens; twine, ropes",
    "57": "Carpets",
    "58": "Special woven fabrics; lace",
    "59": "Impregnated or coated textile fabrics",
    "60": "Knitted or crocheted fabrics",
    "61": "Apparel, knitted or crocheted",
    "62": "Apparel, not knitted",
    "63": "Other made-up textile articles; worn clothing",
    "64": "Footwear",
    "65": "Headgear",
    "66": "Umbrellas, walking sticks",
    "67": "Prepared feathers; artificial flowers",
    "68": "Articles of stone, plaster, cement",
    "69": "Ceramic products",
    "70": "Glass and glassware",
    "71": "Pearls, precious stones and metals; jewellery",
    "72": "Iron and steel",
    "73": "Articles of iron or steel",
    "74": "Copper",
    "75": "Nickel",
    "76": "Aluminium",
    "78": "Lead",
    "79": "Zinc",
    "80": "Tin",
    "81": "Other base metals; cermets",
    "82": "Tools, cutlery of base metal",
    "83": "Miscellaneous articles of base metal",
    "84": "Machinery and mechanical appliances",
    "85": "Electrical machinery and equipment",
    "86": "Railway locomotives and rolling stock",
    "87": "Vehicles other than railway",
    "88": "Aircraft, spacecraft",
    "89": "Ships, boats",
    "90": "Optical, measuring, medical instruments",
    "91": "Clocks and watches",
    "92": "Musical instruments",
    "93": "Arms and ammunition",
    "94": "Furniture; bedding; lamps; prefabricated buildings",
    "95": "Toys, games, sports equipment",
    "96": "Miscellaneous manufactured articles",
    "97": "Works of art, antiques",
    "98": "Special classification provisions (national use)",
    "99": "Commodities not specified according to kind",
}

_AGRICULTURE = {f"{c:02d}" for c in range(1, 25)}
_METALS = {"26", "28"} | {f"{c:02d}" for c in range(72, 84) if c != 77}
_ENERGY = {"27"}


def sector_of(chapter: str) -> str:
    """Return the atlas sector id of a known 2-digit HS chapter (``KeyError`` if unknown)."""
    if chapter not in HS_CHAPTERS:
        raise KeyError(chapter)
    if chapter in _AGRICULTURE:
        return "agriculture"
    if chapter in _ENERGY:
        return "energy"
    if chapter in _METALS:
        return "metals"
    return "trade"


SECTOR_OF_CHAPTER: dict[str, str] = {c: sector_of(c) for c in HS_CHAPTERS}
