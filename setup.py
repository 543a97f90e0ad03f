"""One build step beyond pyproject.toml: compile the message catalogues and ship the Solr folder.

- every ``search_app/translations/<lang>/LC_MESSAGES/messages.po`` is compiled to ``messages.mo`` with
  Babel: into the built package, or, for an editable install (``pip install -e .``), beside the ``.po``
  in the source tree, where the running package reads it;
- the launcher's Maven project and the configset (``solr/pom.xml``, ``solr/src/``, ``solr/configset/``)
  are copied into the built package as ``search_app/_solr/`` (an editable install reads ``solr/`` itself).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
CATALOGUES = "search_app/translations/*/LC_MESSAGES/messages.po"
SOLR_FILES = ("pom.xml", "src", "configset")


class BuildPy(build_py):
    def run(self) -> None:
        super().run()  # returns at once for an editable install
        target = HERE if self.editable_mode else Path(self.build_lib)
        for po in sorted(HERE.glob(CATALOGUES)):
            compile_catalogue(po, target / po.relative_to(HERE).with_suffix(".mo"))
        if not self.editable_mode:
            for name in SOLR_FILES:
                src, dest = HERE / "solr" / name, target / "search_app" / "_solr" / name
                if src.is_dir():
                    shutil.copytree(src, dest, dirs_exist_ok=True)
                elif src.is_file():
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(src, dest)


def compile_catalogue(po: Path, mo: Path) -> None:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as f:
        catalog = read_po(f)
    mo.parent.mkdir(parents=True, exist_ok=True)
    with mo.open("wb") as f:
        write_mo(f, catalog)


setup(cmdclass={"build_py": BuildPy})
