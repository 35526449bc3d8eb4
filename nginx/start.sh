#!/bin/sh
# The nginx container's command: turns the dashboard's two switches into nginx variables, then runs
# nginx. nginx cannot read environment variables in its configuration, so this writes them into a
# file that nginx.conf includes in the dashboard's server block.
#
#   DASHBOARD_XSS  off (default) | on   on: the dashboard shows transfer memos as HTML, the XSS lab's
#                                       deliberate hole (dashboard.js, renderMemo)
#   DASHBOARD_CSP  on (default) | off   off: the dashboard is served without its Content-Security-Policy
#
# A wrong value stops the container at once with one line naming the variable.
set -eu

switch() { # name, value, allowed values...
  name=$1 value=$2
  shift 2
  for allowed in "$@"; do
    [ "$value" = "$allowed" ] && return 0
  done
  echo "invalid configuration: $name='$value' (expected one of: $*)" >&2
  exit 1
}

xss=${DASHBOARD_XSS:-off}
csp=${DASHBOARD_CSP:-on}
switch DASHBOARD_XSS "$xss" off on
switch DASHBOARD_CSP "$csp" on off

cat > /etc/nginx/lab-switches.conf <<EOF
# Written by start.sh at container start from DASHBOARD_XSS and DASHBOARD_CSP.
set \$lab_dashboard_xss $xss;
set \$lab_dashboard_csp $csp;
EOF

# The instances `./lab scale` added beyond the first two, one file per round-robin group
# (nginx.conf includes them). They live on a volume: a recreated nginx keeps what was scaled.
mkdir -p /etc/nginx/scale
for group in session_app token_app sticky_app; do
  [ -e "/etc/nginx/scale/$group.conf" ] || : > "/etc/nginx/scale/$group.conf"
done

# The XSS lab's two logs, empty at every start: what the attacker received, and the dashboard's
# Content-Security-Policy violation reports. Served read-only by nginx (nginx.conf).
: > /var/log/nginx/loot.log
: > /var/log/nginx/csp-reports.log

if [ "$xss" = on ]; then
  echo "DASHBOARD_XSS=on: the dashboard renders transfer memos as HTML (the XSS lab; never in production)" >&2
fi
if [ "$csp" = off ]; then
  echo "DASHBOARD_CSP=off: the dashboard is served without a Content-Security-Policy" >&2
fi
exec nginx -g 'daemon off;'
