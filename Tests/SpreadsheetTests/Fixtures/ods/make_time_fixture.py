#!/usr/bin/env python3
"""Makes libreoffice_time_of_day_and_duration.ods: LibreOffice's ODS of the XLSX fixture
../xlsx/time_of_day_and_duration.xlsx (times of day under h:mm, h:mm:ss, mm:ss and a text
format; elapsed times under [h]:mm:ss, [hh]:mm, [mm]:ss, negative and zero; a date-time).

LibreOffice writes the times as `office:time-value` durations (`PT14H30M00S`), the data styles
in styles.xml (`number:time-style`, with `number:truncate-on-overflow="false"` for the elapsed
ones), and the first row's styles as the columns' default cell styles. Not byte-for-byte
reproducible; its cells are. Written with LibreOffice 7.4.

    python3 make_time_fixture.py
"""

import os
import shutil
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "../xlsx/time_of_day_and_duration.xlsx")
TARGET = os.path.join(HERE, "libreoffice_time_of_day_and_duration.ods")

if __name__ == "__main__":
    tmp = tempfile.mkdtemp()
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    try:
        subprocess.run(["soffice", "-env:UserInstallation=file://" + profile, "--headless", "--convert-to", "ods",
                        "--outdir", tmp, SOURCE], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=300)
        shutil.move(os.path.join(tmp, "time_of_day_and_duration.ods"), TARGET)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(profile, ignore_errors=True)
