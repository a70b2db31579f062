#!/usr/bin/env bash
# A real MTA for the email benchmark (NURTURE_SMTP_PORT=2525): Debian's Postfix on 127.0.0.1:2525, relaying
# for loopback clients only, queueing each message on disk as it always does (fsync before "250"), then
# discarding it instead of delivering. Meant for a benchmark machine: it writes /etc/postfix/main.cf.
set -euo pipefail
marker="# nurture benchmark relay"
if [ -f /etc/postfix/main.cf ] && ! grep -q "$marker" /etc/postfix/main.cf; then
  echo "/etc/postfix/main.cf exists and is not ours; not touching this machine's Postfix." >&2
  exit 1
fi
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
if ! command -v postfix >/dev/null; then
  echo "postfix postfix/main_mailer_type select No configuration" | $sudo debconf-set-selections
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y postfix >/dev/null
fi
$sudo tee /etc/postfix/main.cf >/dev/null <<CONF
$marker
compatibility_level = 3.6
myhostname = relay.localhost
mydestination =
inet_interfaces = loopback-only
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject
default_transport = discard:benchmark
relay_transport = discard:benchmark
local_transport = discard:benchmark
smtp_dns_support_level = disabled
smtpd_peername_lookup = no
# No flow control: when its queue manager falls behind, Postfix slows smtpd by up to a second a message,
# which only adds noise to a comparison of two senders.
in_flow_delay = 0
maillog_file = /var/log/postfix.log
CONF
# The SMTP service on 2525 instead of 25.
$sudo sed -i -E 's/^(smtp|2525)( +inet +n .*smtpd)$/2525\2/' /etc/postfix/master.cf
$sudo postfix check
if $sudo postfix status >/dev/null 2>&1; then $sudo postfix reload; else $sudo postfix start; fi
echo "Postfix relay on 127.0.0.1:2525: NURTURE_SMTP_PORT=2525 dotnet run -c Release --project tests/Nurture.Benchmarks -- 4000 0 email"
