"""Follow-up questions (retrieval/dialogue.py): how a message is read, memory, and the dialogue set.

The dialogue set's halves were fixed (odd ids tune, even ids heldout) and committed before
any rule existed; the rules were chosen on the tune half only.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from retrieval.account import rest_said
from retrieval.conversation import ORDINAL, holds_term, is_chatter, is_place, ordinal_value
from retrieval.dialogue import MEMORY_SECONDS, Dialogue, Dialogues, Turn, compose, score_dialogues, score_follow_ups, scored_turns
from retrieval.service import NewsQA, answer_matches

DIALOGUES = Path(__file__).parent / "data" / "dialogues.jsonl"
# Measured with `python -m retrieval.dialogue tests/data/dialogues.jsonl --verbose`; a change
# that loses one of these fails here by id, a change that wins one should add it.
# Since answer passages, typed checks and the question-aware neighbour rule: d22, d32 gained (the
# hit shows the sentence the answer is in); "opens with the follow-up's words" reads every sentence
# of a hit, since a hit may show the sentence before the one that opens with them.
# d43-d82 were written blind (by a writer who saw only the page, not the rules) on 2026-12-03, their
# halves by the same parity; at that commit (26d4c70) they scored tune 9/20, held-out 10/20.
# d83-d122 were written blind by another writer on 2026-12-03; at 1f38145 they scored tune 14/20,
# held-out 15/20 (follow-ups 24/31, 24/30).
# d123-d162 were written blind by a third writer on 2026-12-03, after the rules of b0d744d-b45d5db
# were chosen; at 1f38145 they scored tune 17/20, held-out 11/20 (follow-ups 27/30, 17/30), at
# b45d5db tune 19/20, held-out 12/20 (follow-ups 29/30, 19/30).
# d163-d202 were written blind by a fourth writer on 2026-12-03 (terse, some in Traditional); at
# 1f38145 they scored tune 8/20, held-out 12/20 (follow-ups 19/32, 21/29), at 3b3d105 tune 12/20,
# held-out 12/20 (follow-ups 23/32, 21/29).
# d203-d242 were written blind by a fifth writer on 2026-12-03; at 1f38145 they scored tune 13/20,
# held-out 13/20 (follow-ups 23/34, 20/27), at 503f358 tune 14/20, held-out 14/20 (27/34, 21/27).
# d243-d282 were written blind by a sixth writer on 2026-12-03; at 1f38145 they scored tune 14/20,
# held-out 10/20 (follow-ups 19/25, 21/35), at 78190f4 tune 16/20, held-out 10/20 (21/25, 21/35).
# d283-d402 were written blind by three more writers (40 each, personas: careful, terse, checking
# facts) on 2026-12-03; at bfc49ff they scored tune 36/60, held-out 38/60 (follow-ups 64/91, 65/91).
# d403-d522 were written blind by three more writers on 2026-12-03 and not read while tuning: at
# bfc49ff tune 44/60, held-out 37/60 (follow-ups 81/97, 58/87); at 38736e8 tune 48/60, held-out
# 42/60 (85/97, 65/87). Later two listings of tune-half misses showed some of theirs (d521's rule).
# d523-d642 (three more writers): at bfc49ff tune 40/60, held-out 34/60 (follow-ups 66/94, 63/89);
# scored at 98e09a7 (48/60, 40/60; 78/94, 69/89) before their tuning half was read.
# d643-d762 (three more writers): at bfc49ff tune 38/60, held-out 41/60 (follow-ups 66/91, 70/91);
# scored at c8e8143 (42/60, 45/60; 71/91, 74/91) before their tuning half was read.
# d763-d882 (three more writers, one typing Traditional only) were written after the last rule
# and never read: at bfc49ff tune 42/60, held-out 40/60 (follow-ups 73/94, 66/88); at 1dc4231 tune
# 49/60, held-out 51/60 (81/94, 78/88).
# d883-d1002 (three more writers, in a later session: a retired teacher, polite and wordy; a
# briefing assistant, terse, a fifth in Traditional; a student asking about lists) were scored
# before any of them was read: at 4ad1e54 and at 951ed59 alike tune 51/60, held-out 44/60
# (follow-ups 101/111, 82/100): that session's first-turn rules moved none of their follow-ups.
# d1003-d1122 (three more writers, at that session's end: a fact-checker; a Henan villager typing
# colloquially; a reader typing Traditional only) were scored and never read: at 4ad1e54 tune
# 46/60, held-out 54/60 (follow-ups 76/94, 86/93), at c415eb3 47/60, 54/60 (77/94, 86/93).
# d1123-d1242 (three more writers, in a third session: a retired engineer, precise; a student
# typing colloquially; a reader typing Traditional only) were scored before any of them was read:
# at 613c131 tune 43/60, held-out 47/60 (follow-ups 74/92, 77/94); their tuning half was then
# read; at 47b51bc tune 50/60, held-out 48/60 (82/92, 78/94).
# d1243-d1362 (three more writers, later that session: a county civil servant; a teacher asking
# why and how; an elderly reader dictating long questions): at 613c131 tune 43/60, held-out 51/60
# (follow-ups 87/105, 89/101); their tuning half was then read; at 47b51bc tune 47/60, held-out
# 53/60 (91/105, 92/101). Neither batch's held-out half was read.
# d1363-d1482 (two more writers, in a fourth session: varied registers; sixty imagined readers,
# from a retired teacher to an out-of-towner) were scored before any of them was read: at
# f698b8b tune 45/60, held-out 46/60 (follow-ups 68/83, 74/89); their tuning half was then read.
# d1483-d1602 (two more writers, in a fifth session: a resident going through lists one by one,
# 第二个呢 / 最后一个 / 还有呢; a clerk in a hurry, terse, a fifth in Traditional) were scored
# before any of them was read, at a45fc1d: d1483-d1542 tune 22/30, held-out 23/30 (follow-ups
# 33/43, 39/47); d1543-d1602 tune 19/30, held-out 22/30 (31/45, 36/45).
# d1603-d1722 (two more writers, in a sixth session: a local clerk chatting as with a colleague;
# sixty imagined readers, a sixth typing Traditional) were scored before any of them was read,
# at 94c1043 and at d614211 alike: d1603-d1662 tune 27/30, held-out 28/30 (follow-ups 44/47,
# 40/43); d1663-d1722 tune 27/30, held-out 26/30 (40/43, 40/44).
# d1723-d1842 (two more writers, in a seventh session: older residents chatting on their phones,
# colloquial and short; students and office workers checking facts, a sixth in Traditional) were
# scored before any of them was read, at 3bbe173: d1723-d1782 tune 26/30, held-out 27/30
# (follow-ups 44/48, 38/42); d1783-d1842 tune 24/30, held-out 28/30 (39/46, 41/43).
# d1843-d1962 (two more writers, in an eighth session: a reporter from another paper checking
# facts; sixty members of a residents' group chat, a sixth typing Traditional) were scored before
# any of them was read, at f0eadc3: d1843-d1902 tune 28/30, held-out 25/30 (follow-ups 40/42,
# 33/39); d1903-d1962 tune 28/30, held-out 25/30 (39/41, 34/39). At e91aa14, before that
# session's two score guards: 28/30, 26/30 (40/42, 34/39) and 27/30, 25/30 (38/41, 34/39).
# d1963-d2082 (two more writers, in a ninth session, asked for follow-ups that name their subject
# yet stay in the story: a reader working through the page; sixty people each chatting about one
# article, a sixth in Traditional) were scored before any of them was read, at 39272b6:
# d1963-d2022 tune 26/30, held-out 25/30 (follow-ups 42/46, 45/50); d2023-d2082 tune 28/30,
# held-out 27/30 (32/34, 36/39). A passage-level tie rule chosen from their tune half (the passage
# shown, or next to it, within 5-20% of the best) lost 2-6 tune dialogues and was not kept.
HELDOUT_ANSWERED = {
    "d04",
    "d06",
    "d08",
    "d10",
    "d12",
    "d14",
    "d16",
    "d18",
    "d20",
    "d22",
    "d26",
    "d28",
    "d30",
    "d32",
    "d34",
    "d38",
    "d40",
    "d42",
    "d44",
    "d46",
    "d48",
    "d52",
    "d54",
    "d56",
    "d60",
    "d64",
    "d66",
    "d68",
    "d70",
    "d72",
    "d74",
    "d76",
    "d78",
    "d80",
    "d82",
    "d84",
    "d86",
    "d88",
    "d90",
    "d92",
    "d94",
    "d96",
    "d98",
    "d100",
    "d102",
    "d106",
    "d108",
    "d110",
    "d112",
    "d114",
    "d116",
    "d118",
    "d122",
    "d124",
    "d126",
    "d128",
    "d130",
    "d132",
    "d134",
    "d136",
    "d138",
    "d140",
    "d142",
    "d144",
    "d146",
    "d152",
    "d154",
    "d158",
    "d160",
    "d162",
    "d166",
    "d168",
    "d170",
    "d172",
    "d176",
    "d178",
    "d180",
    "d186",
    "d190",
    "d192",
    "d194",
    "d196",
    "d200",
    "d202",
    "d204",
    "d208",
    "d210",
    "d212",
    "d214",
    "d216",
    "d218",
    "d220",
    "d222",
    "d224",
    "d226",
    "d228",
    "d230",
    "d232",
    "d234",
    "d236",
    "d238",
    "d240",
    "d242",
    "d244",
    "d246",
    "d248",
    "d250",
    "d252",
    "d254",
    "d256",
    "d260",
    "d262",
    "d264",
    "d266",
    "d274",
    "d276",
    "d282",
    "d284",
    "d286",
    "d288",
    "d290",
    "d292",
    "d294",
    "d296",
    "d298",
    "d300",
    "d302",
    "d306",
    "d308",
    "d310",
    "d312",
    "d314",
    "d316",
    "d318",
    "d320",
    "d322",
    "d326",
    "d328",
    "d330",
    "d332",
    "d334",
    "d336",
    "d338",
    "d340",
    "d342",
    "d344",
    "d346",
    "d348",
    "d350",
    "d354",
    "d356",
    "d358",
    "d360",
    "d362",
    "d364",
    "d366",
    "d368",
    "d370",
    "d372",
    "d374",
    "d380",
    "d384",
    "d386",
    "d390",
    "d394",
    "d396",
    "d398",
    "d400",
    "d404",
    "d406",
    "d408",
    "d410",
    "d412",
    "d414",
    "d416",
    "d418",
    "d420",
    "d426",
    "d428",
    "d430",
    "d432",
    "d434",
    "d438",
    "d440",
    "d446",
    "d448",
    "d450",
    "d456",
    "d458",
    "d462",
    "d464",
    "d466",
    "d468",
    "d470",
    "d472",
    "d474",
    "d476",
    "d478",
    "d480",
    "d482",
    "d484",
    "d486",
    "d488",
    "d490",
    "d492",
    "d494",
    "d498",
    "d500",
    "d502",
    "d504",
    "d506",
    "d508",
    "d510",
    "d512",
    "d514",
    "d516",
    "d518",
    "d522",
    "d526",
    "d528",
    "d530",
    "d532",
    "d534",
    "d536",
    "d538",
    "d540",
    "d542",
    "d546",
    "d550",
    "d552",
    "d554",
    "d556",
    "d558",
    "d562",
    "d566",
    "d570",
    "d572",
    "d574",
    "d576",
    "d578",
    "d580",
    "d582",
    "d584",
    "d588",
    "d590",
    "d592",
    "d594",
    "d596",
    "d598",
    "d600",
    "d602",
    "d604",
    "d606",
    "d608",
    "d610",
    "d612",
    "d614",
    "d618",
    "d620",
    "d624",
    "d626",
    "d628",
    "d630",
    "d636",
    "d638",
    "d640",
    "d642",
    "d644",
    "d646",
    "d648",
    "d650",
    "d652",
    "d654",
    "d656",
    "d658",
    "d660",
    "d664",
    "d666",
    "d670",
    "d672",
    "d674",
    "d676",
    "d678",
    "d680",
    "d682",
    "d684",
    "d690",
    "d694",
    "d696",
    "d698",
    "d700",
    "d704",
    "d706",
    "d708",
    "d712",
    "d714",
    "d716",
    "d718",
    "d720",
    "d724",
    "d726",
    "d728",
    "d730",
    "d732",
    "d734",
    "d736",
    "d740",
    "d742",
    "d744",
    "d746",
    "d748",
    "d750",
    "d752",
    "d754",
    "d756",
    "d760",
    "d762",
    "d764",
    "d766",
    "d768",
    "d770",
    "d774",
    "d776",
    "d778",
    "d780",
    "d782",
    "d784",
    "d786",
    "d788",
    "d790",
    "d792",
    "d796",
    "d800",
    "d802",
    "d804",
    "d806",
    "d808",
    "d810",
    "d812",
    "d814",
    "d818",
    "d820",
    "d822",
    "d824",
    "d826",
    "d828",
    "d830",
    "d832",
    "d834",
    "d836",
    "d838",
    "d840",
    "d842",
    "d844",
    "d846",
    "d848",
    "d850",
    "d852",
    "d854",
    "d856",
    "d858",
    "d860",
    "d862",
    "d864",
    "d866",
    "d868",
    "d870",
    "d872",
    "d874",
    "d876",
    "d878",
    "d880",
    "d882",
    "d886",
    "d888",
    "d890",
    "d892",
    "d894",
    "d896",
    "d898",
    "d900",
    "d902",
    "d904",
    "d906",
    "d908",
    "d910",
    "d912",
    "d916",
    "d920",
    "d922",
    "d924",
    "d926",
    "d928",
    "d930",
    "d934",
    "d936",
    "d938",
    "d940",
    "d942",
    "d946",
    "d948",
    "d950",
    "d952",
    "d956",
    "d958",
    "d960",
    "d962",
    "d964",
    "d966",
    "d968",
    "d970",
    "d972",
    "d974",
    "d976",
    "d978",
    "d980",
    "d982",
    "d984",
    "d990",
    "d992",
    "d994",
    "d996",
    "d998",
    "d1000",
    "d1002",
    "d1004",
    "d1006",
    "d1008",
    "d1010",
    "d1012",
    "d1014",
    "d1016",
    "d1018",
    "d1020",
    "d1022",
    "d1024",
    "d1026",
    "d1030",
    "d1032",
    "d1034",
    "d1036",
    "d1038",
    "d1040",
    "d1042",
    "d1048",
    "d1050",
    "d1052",
    "d1054",
    "d1056",
    "d1058",
    "d1060",
    "d1062",
    "d1064",
    "d1066",
    "d1068",
    "d1070",
    "d1072",
    "d1074",
    "d1076",
    "d1078",
    "d1080",
    "d1082",
    "d1084",
    "d1086",
    "d1088",
    "d1090",
    "d1092",
    "d1094",
    "d1096",
    "d1098",
    "d1102",
    "d1104",
    "d1106",
    "d1108",
    "d1110",
    "d1112",
    "d1114",
    "d1116",
    "d1118",
    "d1120",
    "d1122",
    "d1124",
    "d1126",
    "d1128",
    "d1130",
    "d1132",
    "d1134",
    "d1136",
    "d1140",
    "d1142",
    "d1144",
    "d1146",
    "d1148",
    "d1150",
    "d1152",
    "d1154",
    "d1156",
    "d1158",
    "d1160",
    "d1162",
    "d1164",
    "d1166",
    "d1168",
    "d1170",
    "d1172",
    "d1174",
    "d1176",
    "d1178",
    "d1180",
    "d1182",
    "d1184",
    "d1186",
    "d1188",
    "d1190",
    "d1192",
    "d1194",
    "d1198",
    "d1202",
    "d1204",
    "d1206",
    "d1208",
    "d1210",
    "d1212",
    "d1214",
    "d1218",
    "d1220",
    "d1222",
    "d1224",
    "d1226",
    "d1228",
    "d1230",
    "d1232",
    "d1236",
    "d1240",
    "d1242",
    "d1244",
    "d1246",
    "d1248",
    "d1250",
    "d1252",
    "d1254",
    "d1256",
    "d1258",
    "d1260",
    "d1266",
    "d1268",
    "d1270",
    "d1274",
    "d1276",
    "d1278",
    "d1280",
    "d1282",
    "d1284",
    "d1286",
    "d1288",
    "d1290",
    "d1292",
    "d1294",
    "d1296",
    "d1298",
    "d1300",
    "d1302",
    "d1304",
    "d1306",
    "d1308",
    "d1310",
    "d1312",
    "d1316",
    "d1318",
    "d1320",
    "d1322",
    "d1324",
    "d1326",
    "d1330",
    "d1332",
    "d1334",
    "d1336",
    "d1338",
    "d1340",
    "d1342",
    "d1344",
    "d1346",
    "d1348",
    "d1350",
    "d1352",
    "d1354",
    "d1356",
    "d1358",
    "d1360",
    "d1362",
    "d1364",
    "d1368",
    "d1370",
    "d1372",
    "d1374",
    "d1376",
    "d1378",
    "d1380",
    "d1382",
    "d1384",
    "d1386",
    "d1388",
    "d1390",
    "d1392",
    "d1394",
    "d1398",
    "d1400",
    "d1402",
    "d1404",
    "d1406",
    "d1408",
    "d1410",
    "d1412",
    "d1414",
    "d1416",
    "d1418",
    "d1420",
    "d1422",
    "d1424",
    "d1426",
    "d1428",
    "d1430",
    "d1432",
    "d1434",
    "d1436",
    "d1438",
    "d1440",
    "d1442",
    "d1444",
    "d1448",
    "d1452",
    "d1454",
    "d1456",
    "d1458",
    "d1462",
    "d1464",
    "d1466",
    "d1468",
    "d1470",
    "d1472",
    "d1474",
    "d1476",
    "d1478",
    "d1480",
    "d1484",
    "d1486",
    "d1488",
    "d1492",
    "d1494",
    "d1496",
    "d1500",
    "d1502",
    "d1506",
    "d1508",
    "d1510",
    "d1512",
    "d1514",
    "d1518",
    "d1520",
    "d1524",
    "d1528",
    "d1530",
    "d1534",
    "d1536",
    "d1538",
    "d1540",
    "d1542",
    "d1544",
    "d1548",
    "d1550",
    "d1552",
    "d1554",
    "d1556",
    "d1560",
    "d1566",
    "d1568",
    "d1572",
    "d1574",
    "d1576",
    "d1578",
    "d1580",
    "d1582",
    "d1584",
    "d1586",
    "d1588",
    "d1590",
    "d1592",
    "d1596",
    "d1598",
    "d1604",
    "d1606",
    "d1608",
    "d1610",
    "d1612",
    "d1614",
    "d1616",
    "d1618",
    "d1622",
    "d1624",
    "d1626",
    "d1628",
    "d1630",
    "d1632",
    "d1634",
    "d1636",
    "d1638",
    "d1640",
    "d1642",
    "d1644",
    "d1646",
    "d1650",
    "d1652",
    "d1654",
    "d1656",
    "d1658",
    "d1660",
    "d1662",
    "d1666",
    "d1668",
    "d1670",
    "d1672",
    "d1674",
    "d1676",
    "d1678",
    "d1680",
    "d1682",
    "d1684",
    "d1686",
    "d1688",
    "d1690",
    "d1692",
    "d1694",
    "d1696",
    "d1700",
    "d1704",
    "d1706",
    "d1708",
    "d1710",
    "d1712",
    "d1714",
    "d1716",
    "d1718",
    "d1720",
    "d1722",
    "d1726",
    "d1728",
    "d1730",
    "d1732",
    "d1734",
    "d1736",
    "d1738",
    "d1740",
    "d1744",
    "d1746",
    "d1748",
    "d1750",
    "d1752",
    "d1754",
    "d1756",
    "d1758",
    "d1760",
    "d1764",
    "d1766",
    "d1768",
    "d1770",
    "d1772",
    "d1774",
    "d1776",
    "d1778",
    "d1780",
    "d1782",
    "d1784",
    "d1786",
    "d1788",
    "d1790",
    "d1792",
    "d1794",
    "d1796",
    "d1798",
    "d1800",
    "d1802",
    "d1804",
    "d1806",
    "d1808",
    "d1810",
    "d1812",
    "d1814",
    "d1816",
    "d1818",
    "d1820",
    "d1822",
    "d1824",
    "d1826",
    "d1832",
    "d1834",
    "d1836",
    "d1838",
    "d1840",
    "d1842",
    "d1844",
    "d1846",
    "d1848",
    "d1850",
    "d1852",
    "d1854",
    "d1856",
    "d1862",
    "d1864",
    "d1866",
    "d1870",
    "d1872",
    "d1874",
    "d1876",
    "d1878",
    "d1880",
    "d1882",
    "d1884",
    "d1890",
    "d1892",
    "d1894",
    "d1896",
    "d1898",
    "d1900",
    "d1902",
    "d1904",
    "d1906",
    "d1908",
    "d1910",
    "d1912",
    "d1914",
    "d1918",
    "d1920",
    "d1922",
    "d1924",
    "d1926",
    "d1928",
    "d1932",
    "d1934",
    "d1938",
    "d1940",
    "d1942",
    "d1944",
    "d1946",
    "d1948",
    "d1950",
    "d1952",
    "d1954",
    "d1956",
    "d1960",
    "d1964",
    "d1966",
    "d1968",
    "d1970",
    "d1972",
    "d1974",
    "d1976",
    "d1980",
    "d1984",
    "d1986",
    "d1988",
    "d1990",
    "d1992",
    "d1994",
    "d1996",
    "d1998",
    "d2000",
    "d2004",
    "d2006",
    "d2008",
    "d2010",
    "d2012",
    "d2016",
    "d2020",
    "d2022",
    "d2024",
    "d2026",
    "d2028",
    "d2030",
    "d2032",
    "d2034",
    "d2036",
    "d2038",
    "d2040",
    "d2044",
    "d2046",
    "d2048",
    "d2050",
    "d2052",
    "d2054",
    "d2056",
    "d2058",
    "d2060",
    "d2062",
    "d2064",
    "d2066",
    "d2068",
    "d2070",
    "d2072",
    "d2074",
    "d2076",
    "d2082",
}  # 901/1041 = 0.866
TUNE_ANSWERED = {
    "d01",
    "d03",
    "d05",
    "d07",
    "d09",
    "d11",
    "d13",
    "d15",
    "d17",
    "d19",
    "d21",
    "d23",
    "d25",
    "d27",
    "d31",
    "d33",
    "d35",
    "d37",
    "d39",
    "d41",
    "d43",
    "d45",
    "d47",
    "d49",
    "d51",
    "d53",
    "d55",
    "d57",
    "d59",
    "d61",
    "d63",
    "d65",
    "d67",
    "d69",
    "d71",
    "d73",
    "d75",
    "d77",
    "d81",
    "d83",
    "d85",
    "d87",
    "d89",
    "d91",
    "d93",
    "d95",
    "d97",
    "d99",
    "d101",
    "d103",
    "d105",
    "d107",
    "d109",
    "d111",
    "d113",
    "d115",
    "d117",
    "d119",
    "d121",
    "d123",
    "d125",
    "d127",
    "d129",
    "d131",
    "d133",
    "d135",
    "d137",
    "d139",
    "d141",
    "d143",
    "d145",
    "d147",
    "d149",
    "d151",
    "d153",
    "d155",
    "d157",
    "d159",
    "d161",
    "d163",
    "d165",
    "d167",
    "d169",
    "d171",
    "d175",
    "d177",
    "d179",
    "d181",
    "d183",
    "d185",
    "d187",
    "d189",
    "d191",
    "d193",
    "d195",
    "d197",
    "d199",
    "d201",
    "d203",
    "d205",
    "d207",
    "d209",
    "d211",
    "d213",
    "d215",
    "d219",
    "d221",
    "d223",
    "d225",
    "d227",
    "d229",
    "d231",
    "d233",
    "d235",
    "d237",
    "d239",
    "d241",
    "d243",
    "d245",
    "d247",
    "d249",
    "d251",
    "d253",
    "d255",
    "d257",
    "d259",
    "d261",
    "d263",
    "d265",
    "d267",
    "d269",
    "d271",
    "d273",
    "d275",
    "d277",
    "d279",
    "d281",
    "d283",
    "d285",
    "d287",
    "d289",
    "d291",
    "d293",
    "d295",
    "d297",
    "d299",
    "d301",
    "d303",
    "d305",
    "d307",
    "d309",
    "d311",
    "d313",
    "d315",
    "d317",
    "d319",
    "d321",
    "d323",
    "d325",
    "d327",
    "d329",
    "d331",
    "d333",
    "d335",
    "d337",
    "d339",
    "d341",
    "d343",
    "d345",
    "d347",
    "d349",
    "d351",
    "d353",
    "d355",
    "d357",
    "d359",
    "d361",
    "d363",
    "d365",
    "d367",
    "d369",
    "d371",
    "d373",
    "d375",
    "d377",
    "d381",
    "d383",
    "d385",
    "d387",
    "d389",
    "d391",
    "d393",
    "d395",
    "d397",
    "d399",
    "d401",
    "d403",
    "d407",
    "d409",
    "d411",
    "d413",
    "d415",
    "d417",
    "d419",
    "d421",
    "d423",
    "d425",
    "d427",
    "d429",
    "d431",
    "d433",
    "d435",
    "d439",
    "d441",
    "d443",
    "d445",
    "d447",
    "d449",
    "d451",
    "d453",
    "d455",
    "d457",
    "d461",
    "d463",
    "d465",
    "d467",
    "d469",
    "d471",
    "d473",
    "d475",
    "d477",
    "d481",
    "d483",
    "d485",
    "d487",
    "d491",
    "d493",
    "d495",
    "d497",
    "d499",
    "d501",
    "d503",
    "d505",
    "d507",
    "d509",
    "d513",
    "d515",
    "d517",
    "d519",
    "d521",
    "d523",
    "d525",
    "d527",
    "d529",
    "d531",
    "d533",
    "d535",
    "d537",
    "d539",
    "d541",
    "d543",
    "d545",
    "d547",
    "d549",
    "d551",
    "d555",
    "d557",
    "d559",
    "d561",
    "d563",
    "d565",
    "d567",
    "d569",
    "d571",
    "d573",
    "d575",
    "d577",
    "d579",
    "d581",
    "d583",
    "d585",
    "d587",
    "d589",
    "d591",
    "d593",
    "d595",
    "d597",
    "d599",
    "d601",
    "d605",
    "d607",
    "d609",
    "d611",
    "d615",
    "d617",
    "d619",
    "d623",
    "d625",
    "d627",
    "d629",
    "d631",
    "d633",
    "d635",
    "d637",
    "d639",
    "d643",
    "d645",
    "d651",
    "d653",
    "d655",
    "d657",
    "d661",
    "d663",
    "d665",
    "d669",
    "d671",
    "d673",
    "d675",
    "d677",
    "d679",
    "d681",
    "d683",
    "d685",
    "d687",
    "d689",
    "d693",
    "d695",
    "d697",
    "d699",
    "d701",
    "d703",
    "d705",
    "d709",
    "d713",
    "d715",
    "d717",
    "d719",
    "d721",
    "d723",
    "d725",
    "d727",
    "d729",
    "d731",
    "d733",
    "d735",
    "d737",
    "d739",
    "d741",
    "d743",
    "d745",
    "d747",
    "d749",
    "d751",
    "d753",
    "d755",
    "d759",
    "d761",
    "d763",
    "d765",
    "d767",
    "d771",
    "d773",
    "d775",
    "d779",
    "d781",
    "d783",
    "d785",
    "d789",
    "d791",
    "d793",
    "d795",
    "d797",
    "d799",
    "d801",
    "d803",
    "d805",
    "d807",
    "d809",
    "d811",
    "d813",
    "d815",
    "d817",
    "d819",
    "d821",
    "d823",
    "d825",
    "d827",
    "d829",
    "d833",
    "d835",
    "d837",
    "d839",
    "d841",
    "d843",
    "d845",
    "d847",
    "d849",
    "d851",
    "d853",
    "d855",
    "d857",
    "d859",
    "d861",
    "d863",
    "d865",
    "d867",
    "d871",
    "d873",
    "d875",
    "d877",
    "d879",
    "d881",
    "d883",
    "d885",
    "d887",
    "d889",
    "d891",
    "d893",
    "d895",
    "d897",
    "d899",
    "d901",
    "d903",
    "d905",
    "d907",
    "d909",
    "d911",
    "d913",
    "d915",
    "d917",
    "d919",
    "d921",
    "d923",
    "d925",
    "d927",
    "d929",
    "d931",
    "d933",
    "d935",
    "d937",
    "d939",
    "d941",
    "d943",
    "d945",
    "d947",
    "d951",
    "d953",
    "d955",
    "d957",
    "d959",
    "d961",
    "d963",
    "d965",
    "d967",
    "d969",
    "d971",
    "d973",
    "d975",
    "d977",
    "d979",
    "d981",
    "d983",
    "d985",
    "d987",
    "d989",
    "d991",
    "d993",
    "d995",
    "d997",
    "d999",
    "d1001",
    "d1003",
    "d1005",
    "d1007",
    "d1009",
    "d1011",
    "d1013",
    "d1015",
    "d1017",
    "d1019",
    "d1021",
    "d1023",
    "d1025",
    "d1027",
    "d1029",
    "d1031",
    "d1033",
    "d1035",
    "d1037",
    "d1039",
    "d1041",
    "d1043",
    "d1045",
    "d1047",
    "d1049",
    "d1051",
    "d1053",
    "d1055",
    "d1057",
    "d1059",
    "d1061",
    "d1065",
    "d1067",
    "d1069",
    "d1071",
    "d1073",
    "d1075",
    "d1077",
    "d1079",
    "d1081",
    "d1083",
    "d1085",
    "d1087",
    "d1089",
    "d1091",
    "d1093",
    "d1095",
    "d1097",
    "d1099",
    "d1101",
    "d1103",
    "d1105",
    "d1107",
    "d1109",
    "d1111",
    "d1113",
    "d1115",
    "d1117",
    "d1119",
    "d1121",
    "d1123",
    "d1125",
    "d1127",
    "d1129",
    "d1131",
    "d1133",
    "d1135",
    "d1137",
    "d1139",
    "d1141",
    "d1143",
    "d1145",
    "d1149",
    "d1151",
    "d1153",
    "d1155",
    "d1157",
    "d1159",
    "d1161",
    "d1163",
    "d1165",
    "d1167",
    "d1169",
    "d1171",
    "d1173",
    "d1175",
    "d1177",
    "d1179",
    "d1181",
    "d1183",
    "d1187",
    "d1189",
    "d1193",
    "d1195",
    "d1197",
    "d1199",
    "d1201",
    "d1203",
    "d1205",
    "d1207",
    "d1209",
    "d1211",
    "d1213",
    "d1215",
    "d1217",
    "d1219",
    "d1223",
    "d1225",
    "d1227",
    "d1229",
    "d1231",
    "d1233",
    "d1235",
    "d1237",
    "d1239",
    "d1241",
    "d1243",
    "d1245",
    "d1247",
    "d1249",
    "d1251",
    "d1253",
    "d1255",
    "d1257",
    "d1259",
    "d1261",
    "d1265",
    "d1267",
    "d1269",
    "d1271",
    "d1273",
    "d1275",
    "d1277",
    "d1279",
    "d1281",
    "d1283",
    "d1285",
    "d1287",
    "d1289",
    "d1291",
    "d1293",
    "d1295",
    "d1299",
    "d1301",
    "d1303",
    "d1305",
    "d1307",
    "d1309",
    "d1311",
    "d1313",
    "d1317",
    "d1319",
    "d1321",
    "d1323",
    "d1325",
    "d1327",
    "d1331",
    "d1333",
    "d1335",
    "d1337",
    "d1339",
    "d1341",
    "d1343",
    "d1345",
    "d1347",
    "d1349",
    "d1351",
    "d1353",
    "d1355",
    "d1357",
    "d1359",
    "d1361",
    "d1365",
    "d1367",
    "d1369",
    "d1371",
    "d1373",
    "d1375",
    "d1377",
    "d1381",
    "d1383",
    "d1385",
    "d1387",
    "d1389",
    "d1391",
    "d1393",
    "d1395",
    "d1397",
    "d1399",
    "d1401",
    "d1403",
    "d1405",
    "d1407",
    "d1409",
    "d1411",
    "d1413",
    "d1415",
    "d1417",
    "d1419",
    "d1421",
    "d1427",
    "d1429",
    "d1431",
    "d1433",
    "d1437",
    "d1439",
    "d1441",
    "d1443",
    "d1445",
    "d1447",
    "d1449",
    "d1451",
    "d1453",
    "d1455",
    "d1457",
    "d1459",
    "d1461",
    "d1463",
    "d1465",
    "d1467",
    "d1469",
    "d1471",
    "d1473",
    "d1475",
    "d1477",
    "d1479",
    "d1481",
    "d1483",
    "d1487",
    "d1489",
    "d1491",
    "d1495",
    "d1497",
    "d1499",
    "d1501",
    "d1505",
    "d1507",
    "d1509",
    "d1511",
    "d1513",
    "d1517",
    "d1519",
    "d1521",
    "d1525",
    "d1529",
    "d1531",
    "d1533",
    "d1535",
    "d1537",
    "d1539",
    "d1541",
    "d1543",
    "d1545",
    "d1547",
    "d1549",
    "d1553",
    "d1555",
    "d1557",
    "d1561",
    "d1563",
    "d1565",
    "d1571",
    "d1573",
    "d1577",
    "d1579",
    "d1581",
    "d1583",
    "d1587",
    "d1591",
    "d1593",
    "d1595",
    "d1601",
    "d1603",
    "d1605",
    "d1607",
    "d1609",
    "d1611",
    "d1613",
    "d1615",
    "d1617",
    "d1619",
    "d1621",
    "d1623",
    "d1625",
    "d1627",
    "d1629",
    "d1631",
    "d1635",
    "d1637",
    "d1639",
    "d1641",
    "d1643",
    "d1645",
    "d1647",
    "d1649",
    "d1651",
    "d1653",
    "d1655",
    "d1657",
    "d1661",
    "d1663",
    "d1665",
    "d1667",
    "d1669",
    "d1673",
    "d1675",
    "d1677",
    "d1679",
    "d1681",
    "d1683",
    "d1685",
    "d1687",
    "d1689",
    "d1691",
    "d1693",
    "d1695",
    "d1697",
    "d1699",
    "d1701",
    "d1703",
    "d1705",
    "d1709",
    "d1711",
    "d1713",
    "d1715",
    "d1717",
    "d1719",
    "d1721",
    "d1723",
    "d1725",
    "d1727",
    "d1729",
    "d1731",
    "d1733",
    "d1735",
    "d1737",
    "d1739",
    "d1741",
    "d1743",
    "d1747",
    "d1749",
    "d1751",
    "d1753",
    "d1755",
    "d1757",
    "d1761",
    "d1763",
    "d1765",
    "d1767",
    "d1769",
    "d1771",
    "d1773",
    "d1775",
    "d1777",
    "d1779",
    "d1781",
    "d1783",
    "d1785",
    "d1787",
    "d1789",
    "d1791",
    "d1793",
    "d1795",
    "d1799",
    "d1801",
    "d1803",
    "d1805",
    "d1809",
    "d1811",
    "d1813",
    "d1815",
    "d1817",
    "d1819",
    "d1821",
    "d1823",
    "d1825",
    "d1829",
    "d1831",
    "d1833",
    "d1835",
    "d1837",
    "d1839",
    "d1841",
    "d1843",
    "d1845",
    "d1847",
    "d1849",
    "d1851",
    "d1853",
    "d1855",
    "d1857",
    "d1859",
    "d1861",
    "d1863",
    "d1865",
    "d1867",
    "d1869",
    "d1871",
    "d1873",
    "d1875",
    "d1877",
    "d1879",
    "d1881",
    "d1883",
    "d1885",
    "d1887",
    "d1889",
    "d1891",
    "d1893",
    "d1895",
    "d1897",
    "d1901",
    "d1903",
    "d1905",
    "d1907",
    "d1909",
    "d1911",
    "d1913",
    "d1915",
    "d1917",
    "d1919",
    "d1921",
    "d1925",
    "d1927",
    "d1929",
    "d1931",
    "d1933",
    "d1935",
    "d1937",
    "d1939",
    "d1941",
    "d1943",
    "d1945",
    "d1947",
    "d1949",
    "d1951",
    "d1953",
    "d1955",
    "d1957",
    "d1959",
    "d1961",
    "d1963",
    "d1965",
    "d1967",
    "d1969",
    "d1971",
    "d1973",
    "d1975",
    "d1977",
    "d1979",
    "d1981",
    "d1983",
    "d1985",
    "d1989",
    "d1991",
    "d1995",
    "d1999",
    "d2001",
    "d2005",
    "d2007",
    "d2009",
    "d2011",
    "d2013",
    "d2015",
    "d2017",
    "d2019",
    "d2021",
    "d2023",
    "d2025",
    "d2027",
    "d2029",
    "d2031",
    "d2033",
    "d2037",
    "d2039",
    "d2041",
    "d2043",
    "d2045",
    "d2047",
    "d2049",
    "d2051",
    "d2053",
    "d2055",
    "d2057",
    "d2059",
    "d2061",
    "d2063",
    "d2065",
    "d2069",
    "d2071",
    "d2073",
    "d2075",
    "d2077",
    "d2079",
    "d2081",
}  # 965/1041 = 0.927


@pytest.fixture(scope="module")
def dialogues() -> list[dict]:
    with DIALOGUES.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def test_the_set_is_well_formed(dialogues: list[dict]) -> None:
    text = Path("retrieval/data/jiaozuo-news-2020-02.txt").read_text(encoding="utf-8")
    assert len(dialogues) >= 30 and len({d["id"] for d in dialogues}) == len(dialogues)
    for i, d in enumerate(dialogues, start=1):
        assert d["id"] == f"d{i:02d}" and d["half"] == ("tune" if i % 2 else "heldout")
        assert 2 <= len(d["turns"]) <= 3
        assert all(any(a in text for a in t["answers"]) for t in d["turns"])  # gold strings are on the page


def _turn_after(qa: NewsQA, *messages: str) -> Turn:
    """The turn of the last of some messages, asked in turn in one chat."""
    d = Dialogue()
    turns = [d.ask(qa, m, now=float(i)) for i, m in enumerate(messages)]
    return turns[-1]


def _top_after(qa: NewsQA, *messages: str) -> str:
    """The text of the best hit for the last of some messages, asked in turn in one chat."""
    return _turn_after(qa, *messages).answer.hits[0].text


@pytest.fixture(scope="module")
def scored(qa: NewsQA, dialogues: list[dict]) -> dict[str, bool]:
    """Every dialogue run once (about 20 s); the tests below read halves of it."""
    return score_dialogues(qa, dialogues)


def _half(dialogues: list[dict], scored: dict[str, bool], half: str) -> dict[str, bool]:
    return {d["id"]: scored[d["id"]] for d in dialogues if d["half"] == half}


def test_dialogue_figures_by_id(dialogues: list[dict], scored: dict[str, bool]) -> None:
    tune, heldout = _half(dialogues, scored, "tune"), _half(dialogues, scored, "heldout")
    assert {k for k, ok in tune.items() if ok} == TUNE_ANSWERED
    assert {k for k, ok in heldout.items() if ok} == HELDOUT_ANSWERED


@pytest.mark.xfail(strict=True, reason="held-out dialogues answered 901/1041 = 0.866, short of the 0.9 target")
def test_heldout_half_reaches_the_target(dialogues: list[dict], scored: dict[str, bool]) -> None:
    heldout = _half(dialogues, scored, "heldout")
    assert sum(heldout.values()) / len(heldout) >= 0.9


def test_follow_ups_do_better_than_the_same_messages_alone(qa: NewsQA, dialogues: list[dict], scored: dict[str, bool]) -> None:
    alone = 0
    for d in dialogues:
        t = d["turns"][1]
        a = qa.ask(t["q"])
        alone += bool(a.answered and answer_matches(a.hits[0].text, t["answers"]))
    assert sum(scored.values()) > alone


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("他1月29日晚去了哪里督导?", "pointer"),
        ("这张照片是谁拍的?", "pointer"),
        ("该会议传达了谁的讲话?", "pointer"),
        ("那温县呢?", "ellipsis"),
        ("那个村是哪个街道的", "pointer"),  # 那个 points back; 那 alone switches
        ("1月31日呢?", "ellipsis"),
        ("马村区?", "ellipsis"),
        ("2月4日", "ellipsis"),
        ("还有呢?", "more"),
        ("还有吗", "more"),
        ("第二个", "ordinal"),
        ("第三点是什么?", "ordinal"),
        ("头一点是啥", "ordinal"),
        ("最后一家呢?", "ordinal"),
        ("首个呢", "ordinal"),
        ("最后怎么样了", "zero"),  # 最后 alone is "in the end", not the last item
        ("温县县长是谁?", None),
        ("马村区疫情防控指挥部第三次工作视频会议是哪天召开的?", None),
        ("其他县级领导做了什么?", None),
        ("应该怎么防护?", "zero"),
        ("哪天提的?", "zero"),
        ("为什么?", "zero"),
        ("还去了哪里?", "more"),
        ("还有别的企业捐了吗?", "more"),
        ("毛文明?", "ellipsis"),
        ("马村区有多少人?", None),
        ("还是没有人负责吗?", "zero"),  # 还是 is not 还 (more)
        ("还要加啥", "zero"),  # the tagger calls 加啥 a name; a word with 啥 in it is none
        ("具体做些什么?", "zero"),  # the segmenter makes up 做些, which the corpus never uses: no name
        ("那赵林林呢", "ellipsis"),
    ],
)
def test_how_a_message_is_read(qa: NewsQA, message: str, kind: str | None) -> None:
    assert Dialogue().kind(qa, message) == kind


def test_a_follow_up_asks_with_the_previous_topic(qa: NewsQA) -> None:
    d = Dialogue()
    first = d.ask(qa, "温县县长是谁?", now=0)
    assert first.follow_up is None and "李培华" in first.answer.hits[0].text
    turn = d.ask(qa, "他1月29日晚去了哪里督导?", now=5)
    assert turn.follow_up == "pointer" and "温县县长" in turn.asked
    assert "焦温高速下站口" in turn.answer.hits[0].text and [h.rank for h in turn.answer.hits] == [1, 2, 3, 4, 5]


def test_a_follow_up_asking_its_own_question_drops_the_carried_question_word(qa: NewsQA) -> None:
    d = Dialogue()
    d.ask(qa, "温县县长是谁?", now=0)
    turn = d.ask(qa, "他1月29日晚去了哪里督导?", now=1)
    assert "温县县长" in turn.asked and "谁" not in turn.asked  # asks a place, not a name
    span = turn.answer.hits[0].answer
    assert span is not None and span.text != "李培华"


def test_after_a_credit_question_a_follow_up_carries_the_piece_not_the_credit(qa: NewsQA) -> None:
    # 那会谁主持 asks about the piece's content; 那篇…呢 asks the credit of the piece it names
    assert compose(qa, "温县经济运行调度会议稿子谁写的", "那会谁主持") == "会谁主持 温县经济运行调度会议"
    assert compose(qa, "宗家桢慰问困难群众那篇是谁写的", "那篇毛文明督导的呢") == "那篇毛文明督导谁写的"


def test_a_credit_follow_up_naming_another_piece_is_that_pieces_byline(qa: NewsQA) -> None:
    d = Dialogue()
    d.ask(qa, "温县经济运行调度视频会议那篇报道,署名单位是哪个?", now=0)
    top = d.ask(qa, "毛文明督导那篇呢", now=1).answer.hits[0]
    maos = qa.ask("温县县委书记毛文明多次对疫情防控工作进行督导").hits[0].article
    assert top.kind == "byline" and top.article.id == maos.id


def test_a_replaced_date_is_not_carried(qa: NewsQA) -> None:
    asked = compose(qa, "毛文明1月28日在哪里督导?", "1月31日呢?")
    assert "1月31日" in asked and "1月28日" not in asked and "毛文明" in asked


def test_ordinal_reads_the_list_the_previous_answer_opened(qa: NewsQA) -> None:
    d = Dialogue()
    d.ask(qa, "宗家桢提出了几点要求?", now=0)
    assert d.ask(qa, "第二点是什么?", now=1).answer.hits[0].text.startswith("二要突出工作重点")
    assert d.ask(qa, "第四点呢?", now=2).answer.hits[0].text.startswith("四要严格督导问责")


def _span_after(qa: NewsQA, *messages: str) -> str:
    """The answer span marked in the best hit for the last of some messages, asked in turn."""
    d = Dialogue()
    turns = [d.ask(qa, m, now=float(i)) for i, m in enumerate(messages)]
    span = turns[-1].answer.hits[0].answer
    assert span is not None
    return span.text


def test_an_ordinal_after_an_item_of_a_list_in_the_passage_is_that_lists_item(qa: NewsQA) -> None:
    assert _span_after(qa, "1月28日上午李培华去的第一个卡点在哪", "第二个呢").startswith("王园线温武交界处")


@pytest.mark.parametrize(("ordinal", "item"), [("第三个", "管控一张表"), ("最后一个", "指挥一平台"), ("第6个", "指挥一平台")])
def test_an_ordinal_after_asking_for_the_first_reads_the_list_of_that_sentence(qa: NewsQA, ordinal: str, item: str) -> None:
    # the first answer marks 既要内容全面…, not the list: 头一项 says a list was meant
    assert _span_after(qa, "毛文明要求防控地图围绕的头一项是什么", ordinal) == item


def test_the_last_of_items_numbered_in_sentences_is_the_last_numbered_on(qa: NewsQA) -> None:
    d = Dialogue()
    d.ask(qa, "宗家桢在第三次视频会议上提的第一点要求是什么", now=0)
    assert d.ask(qa, "最后一条呢", now=1).answer.hits[0].text.startswith("四要严格督导问责")


def test_the_second_of_a_list_joined_by_he_in_the_middle(qa: NewsQA) -> None:
    assert _span_after(qa, "1月29日上午李培华去的第一个交界处是哪", "第三个呢") == "番田村温沁交界处"


def test_an_ordinal_naming_the_head_of_a_lists_items_reads_that_list(qa: NewsQA) -> None:
    # the answer shown marks no list; 早 heads the items of “早发现、早报告、早隔离、早治疗”
    d = Dialogue()
    d.ask(qa, "1月29日上午李培华去了岳村街道哪两个村?", now=0)
    d.ask(qa, "他强调要做到哪几个“早”", now=1)
    span = d.ask(qa, "第三个早是啥", now=2).answer.hits[0].answer
    assert span is not None and span.text == "早隔离"


def test_an_ordinal_past_the_end_of_the_list_is_no_item_of_it(qa: NewsQA) -> None:
    assert _span_after(qa, "毛文明要求防控地图围绕的头一项是什么", "第七个") != "指挥一平台"


def test_a_follow_up_the_passage_shown_holds_is_about_that_passage(qa: NewsQA) -> None:
    # the composed question's words are held better by 1月30日's 毛文明要求…; the map's passage was shown
    top = _top_after(qa, "毛文明1月28日在指挥部说的那张地图叫啥", "他对这张地图提了什么要求")
    assert "既要内容全面又要简洁流畅" in top
    top = _top_after(qa, "马村区第三次视频会议传达了哪位省委书记的讲话", "他这个讲话是在哪个会上作的")
    assert "豫北五地疫情防控指挥部工作调度会" in top


def test_a_verb_of_saying_need_not_be_the_passage_shown_s(qa: NewsQA) -> None:
    # 他说,县疾控中心要抓好疫情防控物资储备工作 answers 他要求疾控中心做什么
    assert "物资储备工作" in _top_after(qa, "李培华2月3号上午去了哪", "他要求疾控中心干什么")


def test_other_is_no_word_of_the_follow_ups_own(qa: NewsQA) -> None:
    # …盖森材料、双盛石材、…英利经贸等一批爱心企业各捐助10万元: the passage shown holds the rest
    assert "双盛石材" in _top_after(qa, "盖森材料给马村疫情防控捐了多少钱", "其他企业呢,哪些也捐了这个数?")


def test_a_demonstrative_is_no_word_of_the_follow_ups_own(qa: NewsQA) -> None:
    # 这么 points back: 重要 alone is what the passage shown (加油站的车辆来往较多…重要的环节) must hold
    d = Dialogue()
    d.ask(qa, "哪个加油站被说成是疫情防控工作中一个非常重要的环节?", now=0)
    d.ask(qa, "谁说的", now=1)
    assert "车辆来往较多" in d.ask(qa, "為什麼這麼重要?", now=2).answer.hits[0].text


def test_a_place_the_passage_shown_only_lists_is_asked_about_elsewhere(qa: NewsQA) -> None:
    # 分别到…、区人民医院和… passes by the hospital; 在区人民医院,宗家桢表示… is about it
    assert "无条件实行集中收治" in _top_after(qa, "2月4日下午宗家桢去哪督导了", "他在区人民医院讲了啥")


@pytest.mark.parametrize(
    ("first", "credit", "photo"),
    [("马村区视频会议把所有议题浓缩成了哪几个字", "这篇是谁写的?", False), ("英利经贸捐了多少钱", "那张照片是谁拍的", True)],
)
def test_a_credit_asked_of_the_article_shown_is_its_byline(qa: NewsQA, first: str, credit: str, photo: bool) -> None:
    d = Dialogue()
    shown = d.ask(qa, first, now=0).answer.hits[0].article
    top = d.ask(qa, credit, now=1).answer.hits[0]
    assert top.kind == "byline" and top.article.id == shown.id and top.text == (shown.byline or "").strip()
    assert top.text.endswith("摄") is photo


def test_a_headline_asked_of_the_article_shown_is_its_title_or_subtitle(qa: NewsQA) -> None:
    d = Dialogue()
    shown = d.ask(qa, "马村区委、区政府带领多少马村人民直面危险?", now=0).answer.hits[0].article
    assert shown.subtitle  # the page prints this piece with a "——" subtitle under its headline
    sub = d.ask(qa, "这篇的副标题是啥", now=1).answer.hits[0]
    assert sub.kind == "title" and sub.article.id == shown.id and sub.text == shown.subtitle.lstrip("—").strip()
    title = d.ask(qa, "标题呢", now=2).answer.hits[0]
    assert title.kind == "title" and title.text.startswith(shown.title) and sub.text in title.text
    assert d.ask(qa, "作者是谁", now=3).answer.hits[0].kind == "byline"  # still the same piece


def test_a_headline_asked_of_a_piece_named_by_a_name_is_that_pieces(qa: NewsQA) -> None:
    d = Dialogue()
    shown = d.ask(qa, "温县县长是谁", now=0).answer.hits[0].article
    top = d.ask(qa, "宗家桢看望慰问困难群众那篇的标题叫什么", now=1).answer.hits[0]
    assert top.kind == "title" and top.article.id != shown.id and "宗家桢" in top.text


def test_a_count_asked_of_the_passage_shown_stays_there(qa: NewsQA) -> None:
    # the passage shown (…递交请战书…连续7天…) holds 一线 and a number of days; carried words
    # alone found a 马村 summary holding neither
    top = _top_after(qa, "马村区刚评上全国白求恩式好医生的是哪位", "她是哪个科的?", "在一线坚持了几天")
    assert "7天" in top
    # a count question of its own, naming its subject, is not held to the passage shown
    assert "7天" not in _top_after(qa, "马村区刚评上全国白求恩式好医生的是哪位", "她是哪个科的?", "马村区有多少人")


def test_a_first_message_asking_a_pieces_headline_gets_it_and_its_byline_next(qa: NewsQA) -> None:
    d = Dialogue()
    top = d.ask(qa, "温县毛文明督导那篇稿子标题叫啥", now=0).answer.hits[0]
    assert top.kind == "title" and top.text == "温县坚决打赢疫情防控阻击战"
    byline = d.ask(qa, "署名是啥", now=1).answer.hits[0]  # 是啥 asks as 是什么 does
    assert byline.kind == "byline" and byline.article.id == top.article.id and byline.text == "温融媒"


@pytest.mark.parametrize("question", ["马村区的问题目前怎么样了", "题目里说的战场在哪"])
def test_a_first_message_merely_holding_a_title_word_is_no_headline_question(qa: NewsQA, question: str) -> None:
    hits = Dialogue().ask(qa, question, now=0).answer.hits
    assert hits and hits[0].kind == "passage"


def test_a_question_of_its_own_whose_best_passages_tie_takes_the_discussed_articles(qa: NewsQA) -> None:
    # alone, 温县's 在…指挥部,李培华说…落实例会制度 scores a hair above 马村's 例会每日一次
    alone = qa.ask("指挥部的工作例会多久开一次?")
    assert "每日一次" not in alone.hits[0].text and "每日一次" in alone.hits[1].text
    d = Dialogue()
    d.ask(qa, "马村区疫情防控指挥部的指挥长是谁?", now=0)
    hits = d.ask(qa, "指挥部的工作例会多久开一次?", now=1).answer.hits
    assert "每日一次" in hits[0].text and [h.rank for h in hits] == list(range(1, len(hits) + 1))
    other = Dialogue()
    other.ask(qa, "温县县长是谁", now=0)  # about 温县: its own article's passage stays first
    assert "每日一次" not in other.ask(qa, "指挥部的工作例会多久开一次?", now=1).answer.hits[0].text


def test_a_credit_question_naming_another_piece_is_not_the_shown_articles(qa: NewsQA) -> None:
    d = Dialogue()
    shown = d.ask(qa, "英利经贸捐了多少钱", now=0).answer.hits[0].article
    top = d.ask(qa, "宗家桢慰问困难群众那篇是谁写的", now=1).answer.hits[0]
    assert top.article.id != shown.id


def test_more_after_a_list_ending_in_its_kind_is_the_clause_naming_more_of_it(qa: NewsQA) -> None:
    # 积极谋划市民中心、文化中心、城市规划馆等项目,加快推进两个棚户区改造等项目
    assert "两个棚户区改造" in _span_after(qa, "温县要积极谋划哪些项目?", "还有呢")


def test_more_of_what_the_passage_shown_goes_on_to_say(qa: NewsQA) -> None:
    # …到县疾控中心、县人民医院督导…,看望慰问一线医护人员: who else he visited is in the passage
    assert "一线医护人员" in _span_after(qa, "李培华2月3号去了哪些地方", "还看望了谁?")


def test_who_else_is_the_sentence_naming_who_took_part(qa: NewsQA) -> None:
    # …看望因疫情不能外出打工的脱贫户和困难户。该区领导王婕、王红艳、王峰、牛国胜等一同看望
    top = _top_after(qa, "2月4号去东马村慰问困难群众的是谁", "还有谁")
    assert "王红艳" in top


def test_more_naming_what_it_asks_reads_on_in_a_list_item_before_the_next_item(qa: NewsQA) -> None:
    # 四要抓好任务分解工作。…建立项目联系分包责任制,实行首席服务官制度…: not 五要…
    assert "首席服务官制度" in _top_after(qa, "温县任务分解工作要建立什么责任制?", "还实行什么制度?")


def test_the_source_asked_of_a_piece_is_its_byline(qa: NewsQA) -> None:
    # 来源 is a word about the credit: 这篇报导的来源是 names no other piece, 那篇经济会稿子 does
    assert "温融媒" in _top_after(qa, "温县县委书记是哪一位?", "他1月23日去了哪里?", "這篇報導的來源是?")
    assert "温政办" in _top_after(qa, "李培华说要坚持什么“为王”?", "那篇经济会稿子来源是哪?")


def test_an_ordinal_asked_in_a_pointing_follow_up_is_that_item(qa: NewsQA) -> None:
    # 他在经济运行会上第三个要求是啥: the rest finds the meeting, the ordinal its item (三要…)
    top = _top_after(qa, "李培华开经济运行调度视频会议之前开的什么会?", "他在经济运行会上第三个要求是啥?")
    assert top.startswith("三要抓好改革服务工作")
    top = _top_after(qa, "请问温县经济运行调度会上说的第二条,要抓好什么工作呀?")
    assert top.startswith("二要抓好项目推进工作")


def test_he_demanded_is_answered_by_what_he_said_next(qa: NewsQA) -> None:
    # 1月29日,毛文明到…黄庄镇南韩村…卡点。他说,…各卡点要…对所有车辆逐个进行盘查: 要求 is how it asks
    top = _top_after(qa, "1月29日毛文明去了祥云镇哪几个村?", "黄庄镇呢?", "他要求卡点对车辆怎么做?")
    assert "对所有车辆逐个进行盘查" in top


@pytest.mark.parametrize("asked", ["這是第幾點?", "这是第几条要求里的?", "这是第几要?"])  # 一要…二要: 要 numbers the points
def test_which_item_is_the_heading_of_the_item_the_passage_shown_is_in(qa: NewsQA, asked: str) -> None:
    # 二要抓好项目推进工作。要坚持“项目为王”,…: the heading two sentences before the answer
    d = Dialogue()
    first = d.ask(qa, "李培華說項目推進工作要堅持什麼?", now=0).answer.hits[0]
    assert "项目为王" in first.text
    turn = d.ask(qa, asked, now=1)
    assert turn.answer.hits[0].text.startswith("二要抓好项目推进工作")


def test_an_ordinal_before_the_item_shown_is_read_back_in_the_list(qa: NewsQA) -> None:
    # 七要抓好应急调整工作。要积极调整…: after its explanation, 第六条 is the item before it
    top = _top_after(qa, "温县经济运行调度视频会议的第七条要求是什么?", "具体怎么做?", "第六条呢?")
    assert top.startswith("六要抓好政策研究工作")


def test_more_after_a_list_shown_whole_is_that_list_again(qa: NewsQA) -> None:
    d = Dialogue()
    first = d.ask(qa, "宗家桢要求指挥部办公室各工作组落实哪些制度?", now=0).answer.hits[0]
    assert first.answer is not None and first.answer.text.endswith("督查落实制度")  # the whole list
    again = d.ask(qa, "还有吗?", now=1).answer.hits[0]
    assert again.passage_id == first.passage_id and again.answer == first.answer


def test_more_asking_for_another_one_is_not_what_the_one_shown_did(qa: NewsQA) -> None:
    # …英利经贸…该企业代表表示,…捐款捐物是企业应尽的社会责任: not another 企业
    top = _top_after(qa, "2月1日哪家公司给马村区红十字会捐了款", "还有别的企业捐了吗")
    assert "该企业代表表示" not in top and "双盛石材" in top


def test_an_ordinal_ending_a_question_of_its_own_reads_the_list_it_finds(qa: NewsQA) -> None:
    d = Dialogue()
    fifth = d.ask(qa, "李培华在经济运行调度会上讲了好几条,第五条是啥?", now=0)
    assert fifth.answer.hits[0].text.startswith("五要抓好要素保障工作")
    assert d.ask(qa, "第六条呢?", now=1).answer.hits[0].text.startswith("六要抓好政策研究工作")


@pytest.mark.parametrize(
    ("question", "item"), [("李培华在经济运行调度会上提的第三项要求是啥", "三要抓好改革服务工作"), ("经济运行调度会第6条要求是什么?", "六要抓好政策研究工作")]
)
def test_an_ordinal_asked_of_a_list_the_answer_sits_in_is_its_item(qa: NewsQA, question: str, item: str) -> None:
    # alone, the words find a sentence explaining another item of the list
    turn = Dialogue().ask(qa, question, now=0)
    assert turn.answer.hits[0].text.startswith(item)


@pytest.mark.parametrize(
    ("question", "item"),
    [
        # the words alone find 马村's 二要 (a speech in another county): the place named picks the speech
        ("温县经济调度会第二点要求是啥", "二要抓好项目推进工作"),
        # the last of a list whose first item goes unnumbered (…等工作。要做好招商对接工作。二要…)
        ("温县经济调度会说最后一条要抓好啥?", "七要抓好应急调整工作"),
    ],
)
def test_an_ordinal_ending_a_question_reads_the_list_of_the_place_it_names(qa: NewsQA, question: str, item: str) -> None:
    turn = Dialogue().ask(qa, question, now=0)
    assert turn.answer.hits[0].text.startswith(item)


def test_a_speechs_item_marker_asks_that_item(qa: NewsQA) -> None:
    # readers quote a speech's markers (一要…六要…): 六要是啥 is its sixth point, 还要 / 需要 are none
    turn = _turn_after(qa, "温县经济运行调度视频会议除了李培华还有谁参加?", "六要是啥?")
    assert turn.follow_up == "ordinal" and turn.answer.hits[0].text.startswith("六要抓好政策研究工作")
    assert ordinal_of("还要去哪") is None and ordinal_of("需要什么") is None and ordinal_of("他说的三要呢") == 3


def ordinal_of(text: str) -> int | None:
    m = ORDINAL.search(text)
    return ordinal_value(m) if m else None


def test_the_last_point_said_with_na_is_the_lists_last(qa: NewsQA) -> None:
    # 最后那一点 is 最后一点: the list's last item, not a new question
    turn = _turn_after(qa, "杨磊在第三次视频会议上强调了几点意见?", "第二点呢?", "杨区长最后那一点意见呢?")
    assert turn.answer.hits[0].text.startswith("三要落实落细防控措施")


def test_a_question_naming_no_one_keeps_the_last_ones_subject(qa: NewsQA) -> None:
    # alone, 当天还去看了谁 finds another account; Chinese drops the subject the last message named
    messages = ("2月4日上午宗家桢去看望了哪些人?", "去了哪几个村", "当天还去看了谁?")
    assert "史有安" in _top_after(qa, *messages)
    assert "史有安" not in Dialogue().ask(qa, messages[-1], now=0).answer.hits[0].text


def test_a_question_answered_alone_keeps_its_answer_despite_an_ordinal(qa: NewsQA) -> None:
    # 宗家桢's first point, not 杨磊's 一要… that the words before 第一点 would find
    turn = Dialogue().ask(qa, "马村第三次防控视频会上宗家桢提的要求,第一点是什么?", now=0)
    assert turn.follow_up is None and "强化危机意识" in turn.answer.hits[0].text


@pytest.mark.parametrize(
    ("first", "when", "date"),
    [
        ("李培华说全县卡点要做到哪些统一?", "哪天说的", "1月27日上午"),
        ("毛文明对陈冢沟景区提了啥要求", "这是哪天的事?", "2月3日"),
        # the passage shown goes on into the next account (…身体健康。\n1月31日,…): not its date
        ("毛文明说哪些人是易感染人群", "哪天说的", "1月30日"),
    ],
)
def test_when_asks_the_date_that_opens_the_last_answers_account(qa: NewsQA, first: str, when: str, date: str) -> None:
    d = Dialogue()
    shown = d.ask(qa, first, now=0).answer.hits[0].text
    assert date not in shown  # the answer is elsewhere: the sentence that dates the account
    turn = d.ask(qa, when, now=1)
    hit = turn.answer.hits[0]
    assert turn.follow_up == "when" and hit.text.startswith(date) and hit.answer is not None and hit.answer.text == date


@pytest.mark.parametrize(
    ("first", "where", "opening"),
    [
        ("毛文明说哪些人是易感染人群", "这话他是在哪讲的", "1月30日,毛文明到"),
        ("李培华说出入口的监测站是第几道防线", "他在哪说的", "1月31日晚,李培华到"),
        ("老年人是易感染人群吗", "这是谁说的", "1月30日,毛文明到"),  # whose account: the one its opening names
    ],
)
def test_where_it_was_said_is_where_the_account_opens(qa: NewsQA, first: str, where: str, opening: str) -> None:
    assert _top_after(qa, first, where).startswith(opening)


def test_that_day_is_the_day_of_the_last_answer(qa: NewsQA) -> None:
    d = Dialogue()
    d.ask(qa, "李培华啥时候去焦温高速监测站暗访的", now=0)
    turn = d.ask(qa, "那天晚上还去了哪", now=1)
    assert turn.asked.startswith("1月31日晚上还去了哪") and turn.answer.question == "那天晚上还去了哪"
    assert "南河渡黄河大桥" in turn.answer.hits[0].text


def test_when_with_words_of_its_own_is_an_ordinary_follow_up(qa: NewsQA) -> None:
    d = Dialogue()
    d.ask(qa, "李培华说全县卡点要做到哪些统一?", now=0)
    assert d.ask(qa, "他哪天去的焦温高速下站口?", now=1).follow_up == "pointer"


def test_more_marks_the_rest_of_the_list_shown(qa: NewsQA) -> None:
    d = Dialogue()
    first = d.ask(qa, "2月4日下午宗家桢去督导防疫,先去了哪个地方?", now=0).answer.hits[0]
    more = d.ask(qa, "还去了哪里?", now=1).answer.hits[0]
    assert more.passage_id == first.passage_id and more.answer is not None
    assert more.answer.text == "丽景社区出入卡点、区人民医院和区疫情防控指挥部办公室"
    # the list is now marked whole: the next 还有呢 moves on
    assert d.ask(qa, "还有呢?", now=2).answer.hits[0].passage_id != first.passage_id


def test_more_of_a_kind_named_further_on_in_the_passage_shown(qa: NewsQA) -> None:
    d = Dialogue()
    first = d.ask(qa, "温县打算谋划哪些城市项目?", now=0).answer.hits[0]
    more = d.ask(qa, "还有别的项目吗?", now=1).answer.hits[0]
    assert more.passage_id == first.passage_id and more.answer is not None and "两个棚户区改造" in more.answer.text
    d = Dialogue()  # 该企业 points back at the company shown: no more of them there
    first = d.ask(qa, "2月1日是哪家公司给马村区红十字会捐的款?", now=0).answer.hits[0]
    assert d.ask(qa, "还有别的企业捐了吗?", now=1).answer.hits[0].passage_id != first.passage_id


def test_a_follow_up_pointing_back_reads_on_in_the_account_shown(qa: NewsQA) -> None:
    d = Dialogue()
    shown = d.ask(qa, "1月29日毛文明去了祥云镇哪些村?", now=0).answer.hits[0].text
    turn = d.ask(qa, "他说卡点要对车辆咋查?", now=1)
    assert "逐个进行盘查" not in shown
    assert turn.follow_up == "pointer" and "逐个进行盘查" in turn.answer.hits[0].text


def test_an_ellipsis_reads_on_to_the_next_thing_the_account_treats(qa: NewsQA) -> None:
    d = Dialogue()
    d.ask(qa, "毛文明为啥说加油站是防疫的重要环节?", now=0)
    turn = d.ask(qa, "那卫生院呢?", now=1)
    assert turn.follow_up == "ellipsis" and "老年人是易感染人群" in turn.answer.hits[0].text


def test_one_word_of_its_own_is_too_little_to_read_on(qa: NewsQA) -> None:
    # 项目 is in the sentence after the one shown, but the 待签项目 are further on
    assert "武汉佳海" in _top_after(qa, "温县经济运行调度视频会议由谁召开?", "他提到哪些待签项目?")


def test_more_after_an_item_of_a_list_is_the_next_item(qa: NewsQA) -> None:
    d = Dialogue()
    d.ask(qa, "杨磊在马村第三次视频会上讲了几点", now=0)
    assert d.ask(qa, "第一点", now=1).answer.hits[0].text.startswith("一要切实认清严峻形势")
    more = d.ask(qa, "还有呢", now=2)
    assert more.follow_up == "more" and more.answer.hits[0].text.startswith("二要务必精准精准施策")
    assert d.ask(qa, "还有呢", now=3).answer.hits[0].text.startswith("三要落实落细防控措施")


def test_a_pointing_follow_up_nothing_answers_alone_shows_the_account_again(qa: NewsQA) -> None:
    d = Dialogue()
    shown = d.ask(qa, "赵飞琴是谁", now=0).answer.hits[0]
    turn = d.ask(qa, "她刚拿了什么称号", now=1)
    assert qa.ask(turn.asked).answered is False  # the words alone find nothing
    hit = turn.answer.hits[0]
    assert turn.answer.answered and hit.passage_id == shown.passage_id and hit.answer is None
    assert "白求恩式好医生" in hit.text


def test_what_he_said_of_something_shown_reads_on(qa: NewsQA) -> None:
    assert "县医养中心人口流动量大" in _top_after(qa, "毛文明1月29号去了祥云镇哪些村", "那个医养中心他怎么说")
    assert "项目建设、经营管理和对外宣传" in _top_after(qa, "毛文明2月3号去了赵堡镇哪些村", "他对陈冢沟还提了啥")


def test_more_skips_every_passage_shown_in_the_conversation(qa: NewsQA) -> None:
    d = Dialogue()
    first = d.ask(qa, "宗家桢慰问困难群众的时候去了谁家?", now=0).answer.hits[0]
    assert first.answer is not None and first.text.startswith("家", first.answer.end)  # 谁家: a household
    second = d.ask(qa, "他们靠什么有了稳定收入", now=1).answer.hits[0]
    more = d.ask(qa, "还去了谁家", now=2).answer
    assert not {h.passage_id for h in more.hits} & {first.passage_id, second.passage_id}


def test_a_message_nothing_answers_alone_leans_on_the_last_question(qa: NewsQA) -> None:
    d = Dialogue()
    d.ask(qa, "温县县委书记毛文明是从哪天到哪天督导疫情防控的?", now=0)
    assert qa.ask("一起的还有哪些人").answered is False
    turn = d.ask(qa, "一起的还有哪些人", now=1)
    assert turn.follow_up == "zero" and "朱保平" in turn.answer.hits[0].text
    # one that names something of its own, or finds nothing either way, gets the plain no-answer
    assert d.ask(qa, "温县经济的GDP是多少?", now=2).follow_up is None
    lost = d.ask(qa, "哪个球队赢得了比赛冠军?", now=3)
    assert lost.follow_up is None and not lost.answer.answered
    # a subject the corpus never names is a new subject, short or not
    d.ask(qa, "马村区疫情防控指挥部第一副总指挥是谁?", now=4)
    for off in ("红烧肉怎么做?", "<b>红烧肉</b> & 怎么做?"):
        turn = d.ask(qa, off, now=5)
        assert turn.follow_up is None and not turn.answer.answered


def test_a_word_the_corpus_lacks_is_no_new_subject_when_its_parts_are_the_corpus_s(qa: NewsQA) -> None:
    # 主持人 is no word of the page, 主持 is: 主持人是哪位 asks who chaired the meeting just asked about
    top = _top_after(qa, "马村区疫情防控指挥部第三次工作视频会议是几号开的?", "主持人是哪位")
    assert "主持会议" in top and "宗家桢" in top


def test_a_question_naming_nothing_leans_on_the_last_one_even_if_answered_alone(qa: NewsQA) -> None:
    # alone, 哪些县领导一起去督导了 finds a quote; after 毛文明 it is his 该县领导朱保平、…
    assert "朱保平" in _top_after(qa, "毛文明是哪个县的县委书记", "哪些县领导一起去督导了?")
    # a new subject still finds its own answer: the carried words do not drown it
    assert "双盛石材" in _top_after(qa, "毛文明是哪个县的县委书记", "有哪些企业捐了款?")


def test_a_question_naming_something_that_nothing_answers_alone_leans_on_the_last(qa: NewsQA) -> None:
    d = Dialogue()
    d.ask(qa, "宗家桢在区人民医院说确诊患者怎么处理", now=0)
    turn = d.ask(qa, "发热门诊要开多长时间", now=1)  # 要开 is tagged as a name: the message "names" something
    assert turn.answer.answered and "全天24小时" in turn.answer.hits[0].text


@pytest.mark.parametrize("question", ["温县的GDP是多少", "马村区的房价是多少"])
def test_a_lost_question_the_last_topics_words_alone_would_answer_stays_unanswered(qa: NewsQA, question: str) -> None:
    d = Dialogue()
    d.ask(qa, "温县县长是谁", now=0)
    assert not d.ask(qa, question, now=1).answer.answered


def test_a_date_said_with_hao_is_the_date_written_with_ri(qa: NewsQA) -> None:
    assert "发热门诊" in _top_after(qa, "温县县委书记毛文明是从哪天到哪天督导疫情防控的?", "1月23号他去了哪儿")


def test_in_detail_after_a_list_item_is_the_sentence_explaining_it(qa: NewsQA) -> None:
    assert "常规事上办" in _top_after(qa, "李培华在经济运行调度会上讲了好几条,第七条是啥?", "具体咋办")


def test_a_point_named_shows_what_its_heading_announces(qa: NewsQA) -> None:
    # 三要抓好改革服务工作。要做好财税体制改革…: the heading alone does not say what the point is
    top = _top_after(qa, "李培华说项目推进要坚持什么?", "改革服务那块呢")
    assert top.startswith("三要抓好改革服务工作。") and "财税体制改革" in top
    # 具体咋办 after the point still shows its explanation, though the heading's passage held it
    assert _top_after(qa, "温县经济工作第五要抓好什么", "第七呢", "具体咋办").startswith("要积极调整工作方式和方法")


def test_that_one_of_a_case_the_passage_shown_names_is_answered_there(qa: NewsQA) -> None:
    # …轻症患者需在集中地点接受治疗;需要转诊到定点医院的,要安排专车接送: shown, not the next sentence's 分类转诊
    assert "安排专车接送" in _top_after(qa, "宗家桢在区人民医院对确诊患者有什么要求", "那要转诊的呢?")
    # which filling station: 卫生院呢 asks which clinic, an item of the list shown
    assert "北冷乡卫生院" in _top_after(qa, "毛文明1月30日督导了哪个加油站", "卫生院呢")
    # why the filling station: a list naming the clinic gives no reason; the account goes on to one
    assert "老年人是易感染人群" in _top_after(qa, "毛文明为什么特别提到加油站?", "那卫生院呢?")


def test_who_went_with_him_is_who_the_account_shown_names_along(qa: NewsQA) -> None:
    # 本报讯 1月27日至2月4日,…李培华多次深入一线督导…,副县长李美玲、县公安局政委葛向东等一同督导
    turn = _turn_after(qa, "李培华深入一线督导是从哪天到哪天?", "跟他一起的有谁")
    assert "李美玲" in turn.answer.hits[0].text and turn.answer.hits[0].answer is not None
    assert "李美玲" in turn.answer.hits[0].answer.text  # the companions marked, not the dates
    # asking where he went is no question of companions, though the same passage is shown
    assert "李美玲" not in _top_after(qa, "李培华深入一线督导是从哪天到哪天?", "他1月28日去了哪")


def test_a_follow_up_quoting_what_the_passage_shown_goes_on_to_say_asks_about_that(qa: NewsQA) -> None:
    # …李培华到温博交界处…进行督导。他强调,卡点是疫情防控的第一道关: shown; 村级卡点要… comes after
    assert "第一道关" in _top_after(qa, "李培华1月28日上午到哪些地方督导疫情防控卡点?", "他说卡点是疫情防控的什么?")
    # one word (医养中心), an item of the list shown, is no quote: what he said comes further on
    assert "切实把入口管控好" in _top_after(qa, "毛文明1月29日去了哪个医养中心?", "他说医养中心要怎么做?")


@pytest.mark.parametrize(
    ("follow_up", "opens"),
    [
        ("第一天去了哪?", "1月23日,在该县人民医院发热门诊"),
        ("最后一天他去了哪", "2月3日,毛文明到赵堡镇"),
        ("一開始他去了哪裡", "1月23日,在该县人民医院发热门诊"),
    ],
)
def test_the_first_or_last_day_is_an_end_of_the_span_shown(qa: NewsQA, follow_up: str, opens: str) -> None:
    # 本报讯 1月23日至2月3日,温县县委书记毛文明多次…督导: the first day is 1月23日, the last 2月3日
    assert opens in _top_after(qa, "毛文明督导疫情防控是从哪天到哪天?", follow_up)


def test_the_last_day_is_not_the_day_after(qa: NewsQA) -> None:
    # 最后一天 holds 后一天 (the day after the last answer's): the span's end, not 1月24日
    assert _turn_after(qa, "毛文明督导疫情防控是从哪天到哪天?", "最后一天他去了哪").asked.startswith("2月3日")


def test_a_date_asked_of_one_of_a_list_is_in_that_ones_own_account(qa: NewsQA) -> None:
    # the donors' list holds no date; 2月1日上午,市英利经贸有限公司向马村区红十字会捐款 does
    top = _turn_after(qa, "马村区哪些爱心企业各捐助了10万元?", "其中英利经贸是哪天捐的?").answer.hits[0]
    assert top.text.startswith("2月1日上午,市英利经贸") and top.answer is not None and top.answer.text == "2月1日上午"


def test_they_after_a_question_asking_who_are_the_people_answered(qa: NewsQA) -> None:
    turn = _turn_after(qa, "请问宗家桢慰问困难群众时,去的东马村那户人家叫啥名字来着?", "那油蔴村的呢?", "他们俩是靠啥脱贫的呀?")
    assert "康长友" in turn.asked and "电焊技术" in turn.answer.hits[0].text
    # after a question asking where, 他 is the one who went, not the place
    assert "康长友" not in _turn_after(qa, "宗家桢2月4日上午去了哪两个村?", "他还叮嘱了谁?").asked


@pytest.mark.parametrize(("first", "second"), [("东马村", "油蔴村"), ("油蔴村", "东马村")])
@pytest.mark.parametrize("more", ["还看了谁?", "还有呢"])
def test_more_after_every_item_of_a_list_was_told_is_someone_else(qa: NewsQA, first: str, second: str, more: str) -> None:
    # 在东马村史永利家、油蔴村康长友家,…靠着电焊技术、保洁工作…: both told, the next list names no one;
    # 当天,宗家桢还专程到特困户史有安家看望慰问 is who else he saw
    top = _turn_after(qa, f"宗家桢在{first}看望了谁家?", f"{second}呢?", more).answer.hits[0]
    assert top.answer is not None and top.answer.text == "史有安"


def test_the_pieces_a_byline_signs_are_their_headlines(qa: NewsQA) -> None:
    turn = _turn_after(qa, "马村第三次视频会议那篇是谁写的", "这人还写了哪篇")  # 孙洁, the byline shown
    assert [(h.kind, h.text) for h in turn.answer.hits] == [("title", "马村区领导督导疫情防控工作")]
    signed = _turn_after(qa, "孙洁写了哪几篇?").answer.hits
    assert [h.text for h in signed] == ["马村区疫情防控指挥部第三次工作视频会议召开", "马村区领导督导疫情防控工作"]
    # 他 after 县长是谁 is the county head, who signs nothing on the page: no byline's pieces
    assert all(h.kind != "title" for h in _turn_after(qa, "温县县长是谁", "他还写了哪篇").answer.hits)


def test_what_he_did_later_that_day_is_the_account_going_on(qa: NewsQA) -> None:
    said = ("毛文明对“温县疫情防控地图”提了什么要求?", "那视频指挥中心的建设呢", "那天他后来又去了哪些地方")
    assert "锦都花城社区和五里远村" in _top_after(qa, *said)


def test_a_list_items_heading_is_explained_by_the_next_sentence(qa: NewsQA) -> None:
    d = Dialogue()
    d.ask(qa, "温县抓任务分解工作要按照什么要求?", now=0)
    assert d.ask(qa, "第五要抓什么?", now=1).answer.hits[0].text.startswith("五要抓好要素保障工作")
    assert "土地、规划、资金、人才" in d.ask(qa, "包括哪些要素", now=2).answer.hits[0].text


def test_more_skips_what_was_shown(qa: NewsQA) -> None:
    d = Dialogue()
    first = d.ask(qa, "温县县长是谁?", now=0).answer.hits[0]
    more = d.ask(qa, "还有呢?", now=1)
    again = d.ask(qa, "还有呢?", now=2)
    # the list after the answer in the passage shown first (副县长李美玲、…), then another passage
    assert more.follow_up == "more" and more.answer.hits[0].passage_id == first.passage_id
    assert more.answer.hits[0].answer is not None and more.answer.hits[0].answer.text == "李美玲、县公安局政委葛向东"
    assert again.answer.hits[0].passage_id != first.passage_id


def test_memory_expires_and_new_clears_it(qa: NewsQA) -> None:
    d = Dialogue()
    d.ask(qa, "温县县长是谁?", now=0)
    assert d.topic(now=MEMORY_SECONDS - 1) is not None
    late = d.ask(qa, "他1月29日晚去了哪里?", now=MEMORY_SECONDS + 1)
    assert late.follow_up is None or late.orphan  # nothing to follow any more
    d.ask(qa, "温县县长是谁?", now=0)
    d.clear()
    assert d.ask(qa, "还有呢?", now=1).orphan


@pytest.mark.parametrize(
    "message", ["谢谢", "谢谢！", "好的👌", "哈哈哈", "明白了", "辛苦了", "謝謝您", "OK", "好的，谢谢", "嗯嗯", "你好", "好嘞", "非常感谢", "谢谢你们", "👍"]
)
def test_thanks_assent_and_laughter_are_chatter(qa: NewsQA, message: str) -> None:
    assert is_chatter(qa, message)


@pytest.mark.parametrize("message", ["谢谢，他是谁", "好的那温县呢", "可以吗", "哈尔滨", "牛国胜", "对吗", "知道吗", "他辛苦吗", "", "?", "没事吧?", "对吧?"])
def test_questions_and_names_are_not_chatter(qa: NewsQA, message: str) -> None:
    assert not is_chatter(qa, message)


def test_chatter_is_not_searched_and_the_topic_stays(qa: NewsQA) -> None:
    d = Dialogue()
    d.ask(qa, "温县县长是谁?", now=0)
    thanks = d.ask(qa, "谢谢!", now=1)  # searched with the last question's words it found the last answer again
    assert thanks.chatter and not thanks.answer.answered and not thanks.answer.hits and not thanks.orphan
    follow = d.ask(qa, "他1月29日晚去了哪里?", now=2)
    assert follow.follow_up == "pointer" and "焦温高速下站口" in follow.answer.hits[0].text


def test_an_unanswered_pointing_follow_up_is_shown_the_account_again_and_told_so(qa: NewsQA) -> None:
    d = Dialogue()
    first = d.ask(qa, "温县县长是谁?", now=0)
    turn = d.ask(qa, "他今年多大?", now=1)  # the page never says: the account shown, unmarked, flagged
    top = turn.answer.hits[0]
    assert turn.again and top.answer is None and top.passage_id == first.answer.hits[0].passage_id
    d = Dialogue()
    d.ask(qa, "温县县长是谁?", now=0)
    answered = d.ask(qa, "他1月29日晚去了哪里?", now=1)
    assert not answered.again and answered.answer.hits[0].answer is not None


def test_the_person_a_follow_up_carries_is_not_bolded_as_its_answer(qa: NewsQA) -> None:
    d = Dialogue()
    d.ask(qa, "演马街道高寨村的80后党员叫什么名字?", now=0)
    turn = d.ask(qa, "他拿出的钱交给谁了?", now=1)  # asked with 毕宁宁, who is no answer to 交给谁
    top = turn.answer.hits[0]
    assert "交给村委会" in top.text and (top.answer is None or "毕宁宁" not in top.answer.text)


@pytest.mark.parametrize(
    ("previous", "follow_up", "span"),
    [
        ("武王街道北孔庄村有几名大学生自发组成了党员志愿者突击队?", "他们是怎样值守的?", "全天24小时轮流"),  # not 4名, the number asked before
        ("1月28日李培华去了赵堡镇哪些卡点", "他说卡点是第几道关", "第一道"),  # not 1月 of the carried date
        ("马村区疫情防控指挥部第三次工作视频会议是哪天召开的?", "这次会议由谁主持?", "宗家桢"),  # not 五地 of 豫北五地
    ],
)
def test_a_follow_up_asking_its_own_question_is_answered_by_its_own_words(qa: NewsQA, previous: str, follow_up: str, span: str) -> None:
    d = Dialogue()
    d.ask(qa, previous, now=0)
    top = d.ask(qa, follow_up, now=1).answer.hits[0]
    assert top.answer is not None and span in top.answer.text


@pytest.mark.parametrize(
    ("previous", "follow_up", "span"),
    [("李培华2月3日上午去了哪里?", "2月4日呢?", "岳村街道"), ("冯营街道东苑社区群众捐了多少钱?", "那毕宁宁呢", "1000元")],
)
def test_an_ellipsis_is_marked_for_the_question_it_stands_for(qa: NewsQA, previous: str, follow_up: str, span: str) -> None:
    d = Dialogue()
    d.ask(qa, previous, now=0)
    top = d.ask(qa, follow_up, now=1).answer.hits[0]  # not 他说, nor nothing: found for 毕宁宁 alone
    assert top.answer is not None and span in top.answer.text


@pytest.mark.parametrize(
    ("previous", "follow_up", "marked"),
    [("温县县长是谁?", "跟他一起的有谁?", ["李美玲", "葛向东"]), ("杨磊在会上强调了几点意见?", "这是第几点?", ["要"])],
)
def test_a_span_picked_on_purpose_is_not_found_again(qa: NewsQA, previous: str, follow_up: str, marked: list[str]) -> None:
    # the companions named, or the heading of the item shown: not re-answered for the message's words
    d = Dialogue()
    d.ask(qa, previous, now=0)
    top = d.ask(qa, follow_up, now=1).answer.hits[0]
    assert top.answer is not None and all(m in top.answer.text for m in marked)


@pytest.mark.parametrize(
    ("previous", "follow_up", "heading"),
    [
        ("杨磊在会上强调了几点意见?", "第三点是什么?", "三要落实落细防控措施"),
        ("温县经济运行调度视频会议在哪天召开?", "第二个要求是什么?", "二要抓好项目推进工作"),
    ],
)
def test_a_list_item_is_marked_by_its_heading(qa: NewsQA, previous: str, follow_up: str, heading: str) -> None:
    d = Dialogue()
    d.ask(qa, previous, now=0)
    top = d.ask(qa, follow_up, now=1).answer.hits[0]  # not a stretch of the sentence explaining it
    assert top.answer is not None and top.answer.text == heading and top.text[top.answer.start : top.answer.end] == heading


def test_a_follow_up_with_nothing_to_follow_is_an_orphan(qa: NewsQA) -> None:
    for message in ("还有呢?", "他是谁?", "第二个呢"):
        turn = Dialogue().ask(qa, message, now=0)
        assert turn.orphan and not turn.answer.answered


def test_a_follow_up_that_stands_alone_is_answered_alone(qa: NewsQA) -> None:
    turn = Dialogue().ask(qa, "那温县县长是谁呢?", now=0)
    assert not turn.orphan and "李培华" in turn.answer.hits[0].text


def test_dialogues_keep_one_memory_per_chat(qa: NewsQA) -> None:
    chats = Dialogues()
    chats.get(1, now=0).ask(qa, "温县县长是谁?", now=0)
    assert chats.get(2, now=0).topic(now=0) is None and chats.get(1, now=1).topic(now=1) is not None
    chats.clear(1)
    assert chats.get(1, now=2).topic(now=2) is None


def test_a_date_inside_a_range_is_not_that_date() -> None:

    assert not holds_term("本报讯 1月23日至2月3日,温县县委书记毛文明多次督导。", "2月3日")
    assert holds_term("2月3日,毛文明到赵堡镇大黄庄。", "2月3日") and holds_term("…至今。2月3日上午", "2月3日")
    assert holds_term("温县加油站", "加油站") and not holds_term("温县", "加油站")


def test_the_follow_ups_own_words_as_the_topic_come_first(qa: NewsQA) -> None:
    d = Dialogue()
    d.ask(qa, "毛文明1月29日在商场超市要求什么?", now=0)
    turn = d.ask(qa, "加油站呢?", now=1)  # the 1月30日 sentence lists a 加油站 among the places
    assert "加油站的车辆来往较多" in turn.answer.hits[0].text  # the hit may show the sentence before it too


@pytest.mark.parametrize(
    ("previous", "follow_up", "office"),
    [("温县县委书记是谁?", "那马村区呢?", "区委书记"), ("马村区区长是谁?", "那温县呢?", "县长"), ("温县副县长是谁?", "马村区呢?", "副区长")],
)
def test_an_office_follows_the_level_of_the_new_place(qa: NewsQA, previous: str, follow_up: str, office: str) -> None:
    asked = compose(qa, previous, follow_up)
    assert office in asked and previous[:2] not in asked


@pytest.mark.parametrize("follow_up", ["他在那儿说进出的人要咋弄", "他说车辆要怎样查"])
def test_colloquial_how_is_a_question_word_of_its_own(qa: NewsQA, follow_up: str) -> None:
    # 咋 / 怎样 ask how: the carried 哪个 goes, or the follow-up would ask a place again
    asked = compose(qa, "2月4日下午宗家桢去的哪个社区卡点?", follow_up)
    assert "哪个" not in asked and "社区卡点" in asked


def test_an_office_of_another_level_is_kept(qa: NewsQA) -> None:
    # the old place was a 县, but 市委 was named on its own: only the old place's level moves
    asked = compose(qa, "温县县长和市委书记说了什么?", "那马村区呢?")
    assert "区长" in asked and "市委书记" in asked


@pytest.mark.parametrize(
    ("question", "item"),
    [("温县经济运行调度视频会议上第六要抓好什么工作?", "六要抓好政策研究工作"), ("李培华在经济运行调度会上说第二条要抓好什么工作?", "二要抓好项目推进工作")],
)
def test_the_nth_point_of_a_speech_asked_by_what_it_says_to_do(qa: NewsQA, question: str, item: str) -> None:
    # the service alone ranks the speech's opening (…要科学统筹…) or another point first: 第六
    # never meets 六要; the list numbered 一要…七要 near the best hit has the point
    assert item in Dialogue().ask(qa, question, now=0).answer.hits[0].text


def test_a_count_with_an_ordinal_is_no_point_of_a_speech(qa: NewsQA) -> None:
    # 第三次 counts meetings: no 三要 is looked for
    assert "三要" not in Dialogue().ask(qa, "马村区第三次工作视频会议是什么时候开的?", now=0).answer.hits[0].text


@pytest.mark.parametrize(
    ("word", "place"),
    [("武王街道", True), ("温县", True), ("商场超市", True), ("焦温高速下站口", True), ("街道", False), ("卡点", False), ("社区", False), ("人口", False)],
)
def test_a_level_alone_names_no_place(word: str, place: bool) -> None:
    assert is_place(word) is place


def test_which_street_keeps_the_village_it_asks_about(qa: NewsQA) -> None:
    # 哪个街道 asks the street of the village talked about; 街道 alone used to replace 北孔庄村
    top = _top_after(qa, "北孔庄村大学生组了什么?", "几个人?", "哪个街道?")
    assert "武王街道北孔庄村" in top


def test_what_for_asks_the_purpose_of_the_answer_shown(qa: NewsQA) -> None:
    # 为了 was an own word of 为了啥, and 为了加强决策的针对性… answered it
    top = _top_after(qa, "李培华1月29日晚提出要增加什么?", "晚上要设什么?", "为了啥?")
    assert "提高卡点的检测效率" in top


def test_a_question_nothing_answers_still_sets_the_subject_of_a_pointing_follow_up(qa: NewsQA) -> None:
    d = Dialogue()
    first = d.ask(qa, "马村区有多少常住人口?", now=0.0)
    assert not first.answer.answered  # the page gives no population, only 15万马村人民
    second = d.ask(qa, "谁带领他们抗击疫情的?", now=1.0)
    assert second.follow_up == "pointer" and second.answer.answered
    assert "马村区委、区政府" in second.answer.hits[0].text


@pytest.mark.parametrize("more", ["还有呢", "第二个呢"])
def test_more_or_an_ordinal_after_no_answer_has_nothing_to_follow(qa: NewsQA, more: str) -> None:
    d = Dialogue()
    assert not d.ask(qa, "马村区有多少常住人口?", now=0.0).answer.answered
    turn = d.ask(qa, more, now=1.0)
    assert turn.orphan and not turn.answer.answered


def test_a_question_naming_nothing_that_nothing_answers_sets_no_subject(qa: NewsQA) -> None:
    d = Dialogue()
    assert not d.ask(qa, "今天天气怎么样?", now=0.0).answer.answered
    turn = d.ask(qa, "他是谁", now=1.0)
    assert turn.orphan and not turn.answer.answered


def test_an_answered_subject_outlives_a_later_question_nothing_answers(qa: NewsQA) -> None:
    d = Dialogue()
    d.ask(qa, "温县县长是谁?", now=0.0)
    assert not d.ask(qa, "马村区有多少常住人口?", now=1.0).answer.answered
    turn = d.ask(qa, "他1月29日晚去了哪里督导?", now=2.0)
    assert "新洛路温沁交界处" in turn.answer.hits[0].text


def test_scored_turns_rank_each_follow_up_by_its_first_gold_hit(qa: NewsQA) -> None:
    opening = {"q": "温县县长是谁?", "answers": ["李培华"]}
    right = {"id": "a", "half": "tune", "turns": [opening, {"q": "他1月29日晚去了哪里督导?", "answers": ["新洛路温沁交界处"]}]}
    wrong = {"id": "b", "half": "heldout", "turns": [opening, {"q": "他1月29日晚去了哪里督导?", "answers": ["不在报上的地方"]}]}
    (a,) = scored_turns(qa, [right, wrong], "tune")
    assert (a.dialogue_id, a.index, a.previous, a.rank, a.turn.follow_up) == ("a", 1, "温县县长是谁?", 1, "pointer")
    assert [s.rank for s in scored_turns(qa, [right, wrong])] == [1, 0]
    assert score_dialogues(qa, [right, wrong]) == {"a": True, "b": False}
    assert score_follow_ups(qa, [right, wrong], "heldout") == [False]


@pytest.mark.parametrize(
    ("first", "credit", "byline"),
    [("特困户史有安家是谁去看望的?", "这篇慰问稿是谁写的?", "周博阳"), ("马村区第三次视频会议传达了谁的讲话?", "这篇会议稿是谁写的?", "孙洁")],
)
def test_a_credit_asked_with_words_the_shown_article_holds_is_its_byline(qa: NewsQA, first: str, credit: str, byline: str) -> None:
    top = _turn_after(qa, first, credit).answer.hits[0]
    assert top.kind == "byline" and byline in top.text


def test_a_follow_up_whose_own_words_a_passage_of_the_article_shown_holds_is_answered_there(qa: NewsQA) -> None:
    # the carried words thin the follow-up's share of its question; alone it finds 马村区's 陪同
    assert "朱保平" in _top_after(qa, "毛文明督导温县疫情防控那篇,时间跨度是从哪天到哪天?", "一起督导的县领导都有谁?")


@pytest.mark.parametrize(
    ("first", "relative", "day", "passage"),
    [
        ("2月3日上午李培华到哪些单位督导?", "后一天呢", "2月4日", "2月4日,李培华到岳村街道锦都花城"),
        ("1月29日晚李培华去了哪?", "前一天呢", "1月28日", "1月28日上午,李培华到温博交界处"),
    ],
)
def test_the_day_after_or_before_is_counted_from_the_last_answers_day(qa: NewsQA, first: str, relative: str, day: str, passage: str) -> None:
    turn = _turn_after(qa, first, relative)
    assert day in turn.asked and turn.answer.hits[0].text.startswith(passage)


def test_the_day_after_rolls_over_the_months_end(qa: NewsQA) -> None:
    assert _turn_after(qa, "1月31日上午李培华去了哪些地方?", "次日他又去了哪").asked.startswith("2月1日")


@pytest.mark.parametrize(
    ("first", "when", "date"),
    [("温县经济运行调度视频会议是用什么开的?", "时间呢?", "2月2日上午"), ("李培华说全县疫情防控要做到哪几个统一?", "日期呢", "1月27日上午")],
)
def test_an_ellipsis_asking_only_when_is_the_date_of_the_account_shown(qa: NewsQA, first: str, when: str, date: str) -> None:
    turn = _turn_after(qa, first, when)
    top = turn.answer.hits[0]
    assert turn.follow_up == "when" and top.answer is not None and top.answer.text == date


def test_how_exactly_is_no_word_of_the_follow_ups_own(qa: NewsQA) -> None:
    # 具体 asks for the detail of what was shown; searched as a word it finds …目标具体化…
    assert "蔬菜、米面" in _top_after(qa, "马村的党员干部怎么帮居家隔离群众?", "具体送了些啥?")


def test_a_replaced_name_is_not_cut_out_of_a_date(qa: NewsQA) -> None:
    # the tagger reads 日去 of 1月30日去了哪 as a name: removing it would leave 1月30了哪
    assert compose(qa, "温县县委书记毛文明1月30日去了哪?", "那李培华呢") == "李培华 温县县委书记1月30日去了哪"


@pytest.mark.parametrize("particle", ["嘞", "咧"])
def test_a_final_lei_or_lie_reads_as_ne(qa: NewsQA, particle: str) -> None:
    assert Dialogue().kind(qa, f"温县{particle}?") == Dialogue().kind(qa, "温县呢?") == "ellipsis"
    first = "马村区委书记是谁?"
    assert _top_after(qa, first, f"温县{particle}?") == _top_after(qa, first, "温县呢?")


def test_a_question_asking_the_first_of_a_list_marks_that_one_and_more_goes_on(qa: NewsQA) -> None:
    # the service marks the whole list of 1月28日上午, 李培华到温博交界处、王园线温武交界处和…:
    # 第一个 asks its first item; 还去了哪些 then asks the rest of that list, not another day's
    dialogue = Dialogue()
    first = dialogue.ask(qa, "1月28日上午李培华第一个去督导的卡点是哪?", now=0).answer.hits[0]
    assert first.answer is not None and first.answer.text == "温博交界处"
    more = dialogue.ask(qa, "还去了哪些?", now=1).answer.hits[0]
    assert more.passage_id == first.passage_id and more.answer is not None and more.answer.text.startswith("王园线温武交界处")


def test_a_question_of_its_own_the_passage_shown_holds_whole_is_asked_of_it(qa: NewsQA) -> None:
    # 1月31日上午,李培华到…卡点察看。他强调,要进一步规范“14+14+262”的卡点设置: read alone,
    # 要规范什么卡点设置 finds 要合理合法设置卡点,规范检查流程 in another account
    assert "14+14+262" in _top_after(qa, "李培华1月31日上午去了哪些地方?", "要规范什么卡点设置?")
    # a village the list shown names is asked about in its own account (在东马村史永利家…)
    assert "史永利" in _top_after(qa, "宗家桢2月4日上午去哪两个村看望困难群众?", "在东马村看的是哪一家?")


def test_what_he_asked_of_a_place_visited_is_said_further_on_in_that_account(qa: NewsQA) -> None:
    # 1月29日,毛文明到…祥云镇医养中心…督导检查…: what he required there comes after, before 1月30日
    top = _top_after(qa, "毛文明1月29日到过哪个医养中心?", "他对那里有什么要求?")
    assert "切实把入口管控好" in top
    # asking where he said it is no question of what he said: the meeting shown answers it
    assert "王国生" in _top_after(qa, "马村区第三次视频会议传达贯彻了哪位省领导的讲话?", "他是在什么会上讲的?")


def test_more_after_what_was_required_is_the_rest_of_the_saying(qa: NewsQA) -> None:
    # 要对所有返乡人员进行拉网式排查,掌握所有外来人员情况,逐人登记造册,全面动态管理。
    turn = _turn_after(qa, "李培华1月29日上午提出的“四早”是什么?", "对返乡人员怎么办?", "还有呢?")
    top = turn.answer.hits[0]
    assert top.answer is not None and top.answer.text.startswith("掌握所有外来人员情况") and "逐人登记造册" in top.answer.text
    # …after a question asking where, the sentence going on is no more of the answer
    dialogue = Dialogue()
    dialogue.ask(qa, "1月30日毛文明督导的是哪个加油站?", now=0)
    topic = dialogue.topic(0)
    assert topic is not None and topic.hits[0].answer is not None and rest_said(qa, topic) is None


@pytest.mark.parametrize(
    ("question", "byline"),
    [
        ("马村抗疫纪实谁写的", "崔晶"),  # 纪实 only in the subtitle, 抗疫 only as 抗“疫”: no one passage holds it
        ("温县毛文明督导那篇稿子是哪发的?", "温融媒"),  # 哪发的: where a piece came from is its credit
    ],
)
def test_a_piece_described_over_its_article_is_credited(qa: NewsQA, question: str, byline: str) -> None:
    a = qa.ask(question)
    assert a.answered and a.hits[0].kind == "byline" and byline in a.hits[0].text


def test_a_piece_no_article_describes_is_not_credited(qa: NewsQA) -> None:
    a = qa.ask("马村足球联赛那篇纪实谁写的")
    assert not (a.answered and a.hits[0].kind == "byline")


def test_a_headline_asked_of_a_piece_described_over_its_article(qa: NewsQA) -> None:
    turn = Dialogue().ask(qa, "讲马村万众一心奋战疫情那篇文章题目叫啥", now=0.0)
    assert turn.answer.answered and turn.answer.hits[0].kind == "title" and "直面没有硝烟的战场" in turn.answer.hits[0].text


@pytest.mark.parametrize(
    ("messages", "expected"),
    [
        # 机构 is held only by another article's passage (医疗机构), scoring far below the donation
        (("英利经贸捐了多少钱?", "企业代表怎么看捐款捐物?", "捐给了哪个机构?"), "马村区红十字会"),
        # 过去 likewise (毫不懈怠…过去14天): the service just shown is what was sent
        (("党员干部给居家隔离的群众提供什么服务?", "都送些什么东西过去?"), "蔬菜、米面"),
    ],
)
def test_a_leaning_follow_up_stays_in_the_discussed_article(qa: NewsQA, messages: tuple[str, ...], expected: str) -> None:
    turn = _turn_after(qa, *messages)
    assert turn.follow_up == "zero" and turn.answer.answered and expected in turn.answer.hits[0].text


@pytest.mark.parametrize("follow_up", ["那县长呢?", "那县长呢,哪天开始跑一线的?"])
def test_a_follow_up_replacing_the_subject_still_leaves_the_article(qa: NewsQA, follow_up: str) -> None:
    # 那X呢 replaces the subject: the 县长's own account, not the 书记's where the carried words score
    # best (a question bringing in a subject with 有 leaves too:有哪些企业捐了款, tested above)
    turn = _turn_after(qa, "温县县委书记毛文明从哪天开始下去督导的?", follow_up)
    assert turn.follow_up == "ellipsis" and "县长李培华" in turn.answer.hits[0].text


@pytest.mark.parametrize("follow_up", ["油蔴村呢?", "那油蔴村呢?"])
def test_a_hit_opening_with_the_words_needs_half_the_score_of_one_holding_them(qa: NewsQA, follow_up: str) -> None:
    # 特殊时期…”在东马村史永利家、油蔴村康长友家 opens a sentence with 油蔴村 at under half the score
    # of 2月4日上午,…到安阳城街道东马村和演马街道油蔴村, which holds it and the street asked for
    top = _turn_after(qa, "东马村是哪个街道的?", follow_up).answer.hits[0]
    assert top.answer is not None and top.answer.text == "演马街道"
