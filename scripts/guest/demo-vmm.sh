#!/bin/sh
# The demonstration's virtual machine scene, sourced by scripts/guest/demo.sh
# inside the test VM: Debian's QEMU 10 (build/nested, added as /nested)
# boots a small guest with two aggregated devices, and the guest's own
# drivers report what they found. It makes and removes its own devices.

if ! type say >/dev/null 2>&1; then
	say() { printf '\n%s\n' "$*" | fold -s -w 76; }
	show() { printf '  $ %s\n' "$*"; sh -c "$*" 2>&1 | sed 's/^/    /'; }
fi

if [ ! -x /nested/run-all ]; then
	say "(The virtual machine scene needs QEMU and the nested guest in /nested: skipped.)"
else
	. /nested/lib.sh
	say "== A virtual machine with aggregated devices =="
	say "So far VFIO was driven by hand. Now a real VMM: Debian's QEMU $(sed 's/.*version \([^ ]*\).*/\1/' /nested/qemu/versions), running inside this machine, boots a small Linux guest with an mtty-1 device of 2 units (two serial ports) and an mbochs-small device of 3 units (12 MB of video memory). QEMU is given each device the way libvirt gives it, by its sysfs path, and knows nothing of aggregation:"
	serial=$(mdev_new mtty mtty-1 2) && vga=$(mdev_new mbochs mbochs-small 3) || {
		say "(The devices could not be created: $serial$vga. Scene skipped.)"
		return 0 2>/dev/null || exit 0
	}
	printf '  $ %s\n' "echo $serial,aggregate=2 > $PARENTS/mtty/mdev_supported_types/mtty-1/create" \
		"echo $vga,aggregate=3 > $PARENTS/mbochs/mdev_supported_types/mbochs-small/create" \
		"qemu-system-x86_64 -M pc -m 128 -nodefaults -display none -kernel bzImage -initrd initramfs.cpio.gz \\"
	printf '        %s\n' "-device vfio-pci,id=hostdev0,sysfsdev=$MDEV/$serial \\" \
		"-device vfio-pci,id=hostdev1,sysfsdev=$MDEV/$vga"
	say "(The guest boots in software emulation inside software emulation: about a minute.) What the guest's kernel and its user space report:"
	start=$(date +%s)
	qemu_start demo mtty,mbochs "nested.ports=2 nested.mem=$((12 << 20))" "$serial" "$vga"
	qemu_wait demo 600
	status=$?
	tr -d '\r' <"$W/demo.con" | sed -n 's/^guest: /    guest: /p; s/^@@guest PASS /    guest check ok: /p
		s/^@@guest FAIL /    guest check FAILED: /p'
	echo "    (QEMU exited with status $status after $(($(date +%s) - start)) s)"
	say "The guest's 8250_pci driver registered one serial port per unit, and each looped data back; the display's BAR0 is 16 MB, the next power of two above its 12 MB of memory, and the guest's accesses to the padding past the memory read zero and harm nothing. A device of other units would look the same to the guest, with other numbers."
	mdev_remove "$serial" >/dev/null
	mdev_remove "$vga" >/dev/null
fi
