#!/bin/sh
# The demonstration's VFIO part, sourced by scripts/guest/demo.sh inside the
# test VM: aggregated devices as a virtual machine sees them. mdev-vfio
# (tools/mdev-vfio) opens a device through VFIO the way a VMM does. Every
# value shown is read from the running kernel at that moment.
# It makes and removes its own devices, so it depends on nothing before it.

vbus=/sys/class/mdev_bus
vdevs=/sys/bus/mdev/devices

if ! type say >/dev/null 2>&1; then
	say() { printf '\n%s\n' "$*" | fold -s -w 76; }
	show() { printf '  $ %s\n' "$*"; sh -c "$*" 2>&1 | sed 's/^/    /'; }
fi

if ! command -v mdev-vfio >/dev/null 2>&1 || [ ! -d "$vbus/mbochs" ]; then
	say "(The VFIO part of the demonstration needs mdev-vfio and the mbochs sample in the guest: skipped.)"
else
	vsmall=$vbus/mbochs/mdev_supported_types/mbochs-small
	vgpu=5d7c3e2a-8b14-4f6e-9a3d-2c1b0e9f8a01

	say "== What a virtual machine sees =="
	say "A VMM such as QEMU gives a guest an mdev through VFIO: it opens the device's IOMMU group, attaches it to a container and asks for the device; the guest then sees a PCI device with the regions (BARs) and interrupts that VFIO reports. mdev-vfio does exactly that and prints what VFIO answers. Here an mbochs-small device (4 MB a unit) is created with 4 units:"
	show "echo $vgpu,aggregate=4 > $vsmall/create"
	show "cat $vdevs/$vgpu/vendor/memory"
	show "mdev-vfio info $vgpu"
	say "BAR0 is the video memory, 4 x 4 MB = 16 MB, and the display's own register VIDEO_MEMORY_64K in BAR2, which the guest's bochs driver reads to size its memory, agrees."

	say "== Resizing while a VM has the device open =="
	say "mbochs resizes only while idle (its type's aggregation_resize): a VM maps BAR0, so its size may not change under it. While mdev-vfio holds the device open, a resize to 6 units is refused with EBUSY ('Device or resource busy') and nothing changes - so is one to 100 units, more than the parent has free: an open idle device is busy whatever the pool holds. Once the device is closed, the write of 6 succeeds:"
	show "cat $vsmall/aggregation_resize"
	show "mdev-vfio hold $vgpu sh -c 'echo 6 > $vdevs/$vgpu/mdev/aggregation'"
	show "mdev-vfio hold $vgpu sh -c 'echo 100 > $vdevs/$vgpu/mdev/aggregation'"
	show "cat $vdevs/$vgpu/mdev/aggregation $vdevs/$vgpu/vendor/memory"
	show "echo 6 > $vdevs/$vgpu/mdev/aggregation"
	show "cat $vdevs/$vgpu/mdev/aggregation $vdevs/$vgpu/vendor/memory"
	say "Opened again, the device has 24 MB of video memory behind a 32 MB BAR0 (a BAR is a power of two; the rest reads as zeroes):"
	show "mdev-vfio info $vgpu | grep -e BAR0 -e VIDEO_MEMORY"
	show "echo 1 > $vdevs/$vgpu/remove"

	if [ -d "$vbus/msiov" ]; then
		vwq=$vbus/msiov/mdev_supported_types/msiov-wq
		vacc=5d7c3e2a-8b14-4f6e-9a3d-2c1b0e9f8a02
		say "== Growing an accelerator while a VM uses it =="
		say "msiov, the sample accelerator whose unit is a work queue, resizes live: its BAR0 has a QUEUE_COUNT register, and when the count changes the device sets STATUS bit 0 and raises its MSI. mdev-vfio opens the device as a VMM would, arms the MSI with an eventfd (VFIO_DEVICE_SET_IRQS, as QEMU does when the guest enables MSI), grows the open device from 3 to 5 queues through sysfs, waits for the interrupt, then rings the doorbells of the new queue 4 and of queue 5, which it does not have:"
		show "echo $vacc,aggregate=3 > $vwq/create"
		show "cat $vwq/aggregation_resize"
		show "mdev-vfio resize $vacc 5"
		show "cat $vdevs/$vacc/mdev/aggregation $vwq/available_instances"
		say "The same works through the newer VFIO interface, a per-device file bound to an iommufd (/dev/vfio/devices/vfioN), here shrinking back to 2 queues:"
		show "mdev-vfio --iommufd resize $vacc 2"
		show "echo 1 > $vdevs/$vacc/remove"
	fi
fi
