# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Shoppers acting at the same moment, each in a thread on its own database
cursor: the race tests and bench/bargain_race.py, bench/groupbuy_race.py.

The data they race on must be committed (outside of test mode).
"""

import threading
import time

import psycopg2.errors

from odoo import SUPERUSER_ID, api


def race(registry, act, args, refusal, done="done", hold=0.0, timeout=None):
    """``act(env, arg)`` for each of ``args`` at once, one thread each (a
    barrier starts them together), on its own cursor, holding the transaction
    ``hold`` seconds before it commits. A serialization failure is retried, as
    Odoo retries a request. Returns one ``(outcome, retries)`` a racer, in the
    order they finished: ``done``, or the ``code`` of the ``refusal`` raised.
    """
    barrier = threading.Barrier(len(args))
    results = []

    def racer(arg):
        barrier.wait()
        retries = 0
        while True:
            try:
                with registry.cursor() as cr:
                    act(api.Environment(cr, SUPERUSER_ID, {}), arg)
                    time.sleep(hold)
                results.append((done, retries))
                return
            except refusal as exc:
                results.append((exc.code, retries))
                return
            except psycopg2.errors.SerializationFailure:
                retries += 1

    threads = [threading.Thread(target=racer, args=(arg,)) for arg in args]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return results
