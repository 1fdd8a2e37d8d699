#!/bin/sh
# Usage: daemonize.sh PIDFILE COMMAND...
# Runs COMMAND as a daemon: in a session of its own (setsid -f: a fork whose parent, this shell,
# exits 0 at once), so it is neither in the process group wireproof made nor a child of the
# process wireproof started. Appends the daemon's pid to PIDFILE (one line per start).
pidfile=$1
shift
exec setsid -f sh -c 'echo $$ >> "$0"; exec "$@"' "$pidfile" "$@"
