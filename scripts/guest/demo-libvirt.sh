#!/bin/sh
# The demonstration's libvirt scene, run by scripts/demo in the Debian 13
# VM (scripts/vm-run --system): Debian's own libvirt and mdevctl define
# aggregated devices and start a domain with them; the nested guest
# (/nested) reports what its drivers found. Every value shown is read at
# that moment.

say() { printf '\n%s\n' "$*" | fold -s -w 76; }
show() { printf '  $ %s\n' "$*"; sh -c "$*" 2>&1 | sed 's/^/    /'; }

. /nested/lib.sh
serial=6d646576-0000-4000-8000-000000000001
vga=6d646576-0000-4000-8000-000000000002
devs=/sys/bus/mdev/devices
callout=/usr/local/libexec/mdev-aggregation-callout
callouts=/etc/mdevctl.d/scripts.d/callouts

say "== The management stack: libvirt and mdevctl =="
say "Administrators do not write sysfs files: they use libvirt (virsh, and OpenStack or KubeVirt on top of it) and mdevctl. This is Debian 13, booted on the same kernel, with its own libvirt $(virsh --version) and $(mdevctl --version), unmodified. libvirt shows what a parent offers; availableInstances counts free units:"
load-sample-parents >/dev/null
show "virsh nodedev-dumpxml mtty_mtty | sed -n '/<type id/,/<\/type>/p'"

say "A device of 2 units is defined like any other device: its size is the standard attribute mdev/aggregation, which libvirt hands to mdevctl, and mdevctl writes after it creates the device:"
cat >/tmp/serial.xml <<EOF
<device>
  <parent>mtty_mtty</parent>
  <capability type='mdev'>
    <type id='mtty-1'/>
    <uuid>$serial</uuid>
    <attr name='mdev/aggregation' value='2'/>
  </capability>
</device>
EOF
show "cat /tmp/serial.xml"
node=mdev_$(echo "$serial" | tr - _)_mtty
show "virsh nodedev-define /tmp/serial.xml"
show "virsh nodedev-start $node"
show "cat $devs/$serial/mdev/aggregation"
say "Debian 13's libvirt knows a parent by its bus, and of the samples only mtty (its own tests use it): mdevctl makes the display device, 3 units of mbochs-small:"
printf '{"mdev_type":"mbochs-small","start":"manual","attrs":[{"mdev/aggregation":"3"}]}\n' >/tmp/vga.json
show "mdevctl start -u $vga -p mbochs --jsonfile /tmp/vga.json"

say "mdevctl learns an active device's attributes only from a callout, so without one 'mdevctl list' cannot say how large a device is now. The project ships one for every aggregating type (make install-callout):"
mkdir -p "$callouts"
show "ln -s $callout $callouts/mdev-aggregation"
show "mdevctl list --verbose"

say "A domain with both devices, given to it as any mediated device is, by UUID:"
domain_xml demo mtty,mbochs,hold "nested.ports=2 nested.mem=$((12 << 20))" "$serial" "$vga" >/tmp/demo.xml
show "grep -A1 '<hostdev' /tmp/demo.xml"
show "virsh define /tmp/demo.xml"
show "virsh start demo"
say "(The guest boots in software emulation inside software emulation: about a minute.) What the guest's drivers found:"
i=0
while ! grep -q '@@guest holding' "$W/demo.con" 2>/dev/null && [ "$i" -lt 600 ]; do
	sleep 2
	i=$((i + 2))
done
tr -d '\r' <"$W/demo.con" | sed -n 's/^guest: /    guest: /p; s/^@@guest PASS /    guest check ok: /p
	s/^@@guest FAIL /    guest check FAILED: /p'

say "The display's type is resized only while idle: while the domain has it, mdevctl (through the callout) refuses, and says why:"
printf '{"mdev_type":"mbochs-small","start":"manual","attrs":[{"mdev/aggregation":"4"}]}\n' >/tmp/vga4.json
show "mdevctl modify -u $vga --live --jsonfile /tmp/vga4.json"
show "virsh destroy demo"
show "mdevctl modify -u $vga --live --jsonfile /tmp/vga4.json"
show "cat $devs/$vga/mdev/aggregation"

virsh -q undefine demo >/dev/null
virsh -q nodedev-destroy "$node" >/dev/null
virsh -q nodedev-undefine "$node" >/dev/null
mdevctl stop -u "$vga"
say "The README's administrator section has the same with both tools side by side."
