"""The ISCO-08 unit group a vacancy title names, where the title allows it.

Two sources of knowledge: a table of Russian, Kazakh and English title stems
for the jobs the portal sees most, and the English occupation labels of ESCO
(read at import time from DATA_DIR/esco_occupations_en.csv when present; only
the labels and their ISCO codes are read, nothing is copied). A title that
names no job ("Аналитик", "Специалист", "Инженер") gets no occupation.
"""

import csv
import re
from pathlib import Path

# Ordered: the first pattern that matches the folded title wins, so specific
# phrases come before the general words they contain. Codes are ISCO-08 unit
# groups. Judgement calls: DevOps and SRE count as systems administration
# (2522), data engineering and data science as systems analysis (2511, as ESCO
# files "data engineer" and "data analyst"), a plain "бухгалтер" as an
# accounting associate professional (3313) and a chief accountant as an
# accountant (2411).
TITLE_PATTERNS: list[tuple[str, str]] = [
    # Managers
    (r"генеральн\w* директор|\bceo\b|управляющ\w* директор", "1120"),
    (r"финансов\w* директор|\bcfo\b", "1211"),
    (r"\bhr директор|директор\w* по персоналу|head of hr", "1212"),
    (
        r"директор\w* по (продаж|маркетинг)|коммерческ\w* директор"
        r"|руководител\w* отдела (продаж|маркетинга)|head of (sales|marketing)",
        "1221",
    ),
    (
        r"технич\w* директор|\bcto\b|\b(it|ит) директор|директор\w* по (it|ит|информац)"
        r"|head of (it|engineering)|руководител\w* (it|ит) ",
        "1330",
    ),
    (r"product manager|product owner|продакт|менеджер\w* продукт", "1223"),
    (r"project manager|менеджер\w* проект|руководител\w* проект", "1219"),
    # ICT
    (r"devops|\bsre\b|site reliability", "2522"),
    (r"администратор\w* баз\w* данных|\bdba\b|database administrator", "2521"),
    (r"сетев\w* (инженер|администратор)|network (engineer|administrator)", "2523"),
    (r"системн\w* администратор|system administrator|sysadmin", "2522"),
    (
        r"информационн\w* безопасност|кибербезопасност|защит\w* информац"
        r"|security (engineer|analyst|specialist)|антифрод",
        "2529",
    ),
    (r"data engineer|data инженер|инженер\w* данных|\bdwh\b|\betl\b|big data", "2511"),
    (r"data scien|machine learning|машинн\w* обучени|\bml\b|computer vision", "2511"),
    (
        r"аналитик\w* данных|data analyst|data аналитик|дата аналитик|\bbi\b"
        r"|аналитик\w* (sql|баз)",
        "2511",
    ),
    (r"системн\w* аналитик|systems? analyst", "2511"),
    (r"бизнес аналитик|business analyst|аналитик\w* бизнес процесс", "2421"),
    (r"продуктов\w* аналитик|product analyst|аналитик\w* (по )?продукт", "2421"),
    (
        r"(финансов|инвестиционн|портфельн|кредитн)\w* аналитик|риск аналитик"
        r"|financial analyst|risk analyst",
        "2413",
    ),
    (
        r"маркетолог|маркетинг|marketing|\bsmm\b|\bсмм\b|\bseo\b"
        r"|(веб|web) аналитик|аналитик\w* (по )?продаж",
        "2431",
    ),
    (r"тестировщик|тестирован|\bqa\b|\bsdet\b|\btest engineer|software tester", "2519"),
    (
        r"front ?end|фронтенд|(веб|web) (разработчик|программист)|web developer"
        r"|верстальщик",
        "2513",
    ),
    (r"дизайнер|designer|\bux\b|\bui\b", "2166"),
    (
        r"программист|разработчик|developer|programmer|software engineer|back ?end"
        r"|бэк ?[еэ]нд|full ?stack|фулстек|бағдарламашы",
        "2512",
    ),
    (
        r"технич\w* поддержк|help ?desk|service desk|support (engineer|specialist)"
        r"|\b(it|ит) специалист|специалист\w* (по )?(it|ит)\b|it specialist"
        r"|технич\w* специалист \(?it",
        "3512",
    ),
    # People, sales, finance, law
    (r"инспектор\w* (по )?кадр|кадровик", "4416"),
    (
        r"рекрутер|recruit|\bhr\b|менеджер\w* по персоналу|подбор\w* персонала"
        r"|talent acquisition",
        "2423",
    ),
    (r"бизнес тренер|корпоративн\w* тренер|\btrainer\b", "2424"),
    (r"business development|менеджер\w* по развитию бизнеса|\bbdm\b", "2433"),
    (
        r"менеджер\w* по (активным )?продаж|менеджер\w* (отдела )?продаж"
        r"|специалист\w* по продаж|sales manager|торгов\w* представител"
        r"|key account|account manager|менеджер\w* по работе с клиент",
        "3322",
    ),
    (r"кассир|cashier", "5230"),
    (r"продавец|продавц|сатушы|shop assistant", "5223"),
    (r"оператор\w* (call|колл|контакт)|(call|колл|контакт) ?центр", "4222"),
    (r"по закупк|закупщик|\bснабжени|procurement|\bbuyer\b", "3323"),
    (r"главн\w* бухгалтер|бас есепші|chief accountant|аудитор|auditor", "2411"),
    (r"бухгалтер|есепші|accountant", "3313"),
    (r"экономист|economist", "2631"),
    (r"кредитн\w* (эксперт|специалист|менеджер|инспектор)|loan officer", "3312"),
    (r"юрист|юрисконсульт|заңгер|lawyer|legal counsel", "2611"),
    (r"переводчик|аудармашы|translator|interpreter", "2643"),
    (r"контент менеджер|копирайтер|редактор|content manager|copywriter", "2641"),
    (r"офис менеджер|office manager", "3341"),
    (
        r"помощник\w* руководител|ассистент\w* руководител|личн\w* помощник"
        r"|executive assistant|personal assistant",
        "3343",
    ),
    (r"секретар|secretary", "4120"),
    (r"ресепшн|receptionist", "4226"),
    # Engineering
    (
        r"охран\w* труда|\bhse\b|промышленн\w* безопасност|пожарн\w* безопасност"
        r"|техник\w* безопасност",
        "2263",
    ),
    (r"инженер\w* программист", "2512"),
    (
        r"инженер\w* пто|производственно технич|инженер\w* строител|инженер\w* пгс"
        r"|сметчик|инженер\w* (по )?сметн|инженер\w* технадзор|civil engineer"
        r"|инженер\w* по обследовани",
        "2142",
    ),
    (
        r"инженер\w* технолог|process engineer|инженер\w* по подготовке производства",
        "2141",
    ),
    (r"инженер\w* электрон|electronics engineer|инженер\w* (асу|кипиа)", "2152"),
    (r"инженер\w* (электросвяз|связи)|telecommunications engineer", "2153"),
    (
        r"инженер\w* (энергетик|электрик)|инженер\w* (по )?электр|electrical engineer",
        "2151",
    ),
    (
        r"инженер\w* (конструктор|механик|теплотехник)|инженер\w* по сварке"
        r"|mechanical engineer",
        "2144",
    ),
    (r"инженер\w* химик|chemical engineer", "2145"),
    (r"геодезист|маркшейдер|land surveyor", "2165"),
    (r"инженер\w* (по )?(качеств|метролог)|quality engineer|метролог", "2149"),
    (r"горн\w* (инженер|мастер)|инженер\w* горн|mining engineer", "2146"),
    # Health and teaching
    (r"стоматолог|dentist", "2261"),
    (r"\bврач|дәрігер|doctor|physician|терапевт|педиатр", "2211"),
    (r"медсестр|медбрат|мейірбике|\bnurse", "3221"),
    (r"фармацевт|провизор|pharmacist", "2262"),
    (r"воспитател|тәрбиеші", "2342"),
    (r"учител|мұғалім|teacher|педагог", "2330"),
    (r"преподавател|оқытушы|lecturer|tutor|репетитор", "2359"),
    (r"\bтренер|coach", "3422"),
    # Trades, services, transport
    (r"слаботочн", "7422"),
    (r"электромеханик", "7412"),
    (r"электромонтер|электромонтажник|электрик|electrician", "7411"),
    (r"сварщик|дәнекерлеуші|welder", "7212"),
    (r"сантехник|plumber", "7126"),
    (r"слесар", "7233"),
    (r"\bводител\w* (грузов|большегруз|самосвал)|truck driver", "8332"),
    (r"\bводител|жүргізуші|\bdriver\b|таксист", "8322"),
    (r"\bкурьер|courier", "9621"),
    (r"кладовщик|storekeeper", "4321"),
    (r"грузчик", "9333"),
    (r"\bповар|аспаз|\bcook\b|\bchef\b", "5120"),
    (r"официант|waiter|waitress", "5131"),
    (r"бармен|бариста|bartender|barista", "5132"),
    (r"охранник|күзетші|security guard|сотрудник\w* охраны", "5414"),
    (r"уборщи|тазалаушы|горничн|cleaner", "9112"),
    (r"\bняня|nanny", "5311"),
    (r"парикмахер|hairdresser", "5141"),
]
_COMPILED = [(re.compile(pattern), code) for pattern, code in TITLE_PATTERNS]

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—/_.,;:!«»\"']+")
# Words of seniority and work mode that ESCO labels never carry.
_NOISE = re.compile(
    r"\b(senior|junior|middle|lead|strong|principal|remote|trainee|intern)\b"
    r"|\([^)]*\)"
)
ESCO_FILE_NAME = "esco_occupations_en.csv"


def fold_title(title: str) -> str:
    folded = title.casefold().replace("ё", "е").replace("c#", "csharp")
    return " ".join(_SEPARATORS.sub(" ", folded).split())


class OccupationClassifier:
    """Map vacancy titles to ISCO-08 unit group codes."""

    def __init__(self, esco_labels: dict[str, str] | None = None) -> None:
        self.esco_labels = esco_labels or {}

    @classmethod
    def from_data_dir(cls, data_dir: Path | None) -> "OccupationClassifier":
        path = data_dir / ESCO_FILE_NAME if data_dir else None
        if path is None or not path.is_file():
            return cls()
        return cls(read_esco_labels(path))

    def classify(self, title: str) -> str | None:
        """Return the ISCO unit group code for TITLE, or None."""
        folded = fold_title(title)
        for pattern, code in _COMPILED:
            if pattern.search(folded):
                return code
        english = " ".join(_NOISE.sub(" ", title.casefold()).split())
        return self.esco_labels.get(fold_title(english))


def read_esco_labels(path: Path) -> dict[str, str]:
    """Return folded English label -> ISCO code, for labels of one code only."""
    codes: dict[str, set[str]] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = (row.get("iscoGroup") or "").strip()
            if len(code) != 4 or not code.isdigit():
                continue
            labels = [row.get("preferredLabel") or ""]
            labels += (row.get("altLabels") or "").splitlines()
            for label in labels:
                folded = fold_title(label)
                if folded:
                    codes.setdefault(folded, set()).add(code)
    return {label: found.pop() for label, found in codes.items() if len(found) == 1}
