import json
import logging

log = logging.getLogger(__name__)


def save_report(path, report):
    try:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(report, handle)
    except Exception:
        pass
    log.info("report saved to %s", path)
