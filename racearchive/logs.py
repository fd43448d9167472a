"""The log as one JSON object a line (DJANGO_LOG_FORMAT=json), for a collector to read.

Each line has the time, level, logger and message; a request's error adds its method,
path and status, and an exception its traceback, so an error can be found and counted
without reading prose.
"""

import datetime
import json
import logging


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            line["method"], line["path"] = request.method, request.path
        if hasattr(record, "status_code"):
            line["status"] = record.status_code
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)
