#!/usr/bin/python3
# SPDX-License-Identifier: ISC
# sink.py -- a silent UDP server for 40-network.bats.
#
# usage: /usr/bin/python3 sink.py LOG
#
# Binds a UDP socket on 127.0.0.1, a port it picks, prints that port on
# stdout once bound (the readiness signal), then reads every datagram and
# answers none, writing one line "dropped" to LOG for each: a server that
# never answers, whose LOG counts enumq's tries. Runs until killed.
#
# 40-network.bats starts it from setup_file with py_start (readiness
# through a FIFO) and stops it with py_stop in teardown_file.

import socket
import sys

log = open(sys.argv[1], "a", buffering=1)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1], flush=True)
while True:
    s.recvfrom(65535)
    log.write("dropped\n")
