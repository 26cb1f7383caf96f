"""Import of real vacancies from HeadHunter exports (see docs/data.md).

vacancy_import_file() in vacancies.importing.service is the entry point; the
other modules turn one source's texts into the portal's values.
"""
