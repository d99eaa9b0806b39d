#!/bin/sh
# The narrated demonstration, run inside the test VM by scripts/demo.
# Every value shown is read from the running kernel at that moment.

bus=/sys/class/mdev_bus

say() { printf '\n%s\n' "$*" | fold -s -w 76; }
show() { printf '  $ %s\n' "$*"; sh -c "$*" 2>&1 | sed 's/^/    /'; }

say "== Mediated devices =="
say "A mediated device (mdev) is a slice of a parent device - a vGPU of a GPU, a queue set of an accelerator, a port of a serial card - that a virtual machine can be given through VFIO. The kernel's sample drivers play such parents: mtty (a virtual serial card), mbochs and mdpy (virtual display cards) and, with this series, msiov (an accelerator with work queues). Loading them registers one parent each:"
load-sample-parents
show "ls $bus"

say "== Types: what one device is =="
say "Each parent offers types. Today a type fixes the size of a device: mtty-1 is one serial port, mtty-2 two; mbochs-small has 4 MB of video memory, mbochs-large 64 MB. available_instances says how many more devices of the type fit in what the parent has left:"
for type in "$bus"/*/mdev_supported_types/*; do
	printf '    %-16s %-28s available_instances=%s\n' "$(basename "$type")" \
		"$(cat "$type/name" 2>/dev/null || echo -)" "$(cat "$type/available_instances")"
done

say "== Creating a device =="
say "A device is created by writing a UUID to its type's create file. The types of one parent share one pool: an mtty-2 device takes two ports, so available_instances of both mtty types drops."
uuid=83b8f4f2-509f-382f-3c1e-e6bfe0fa1001
show "echo $uuid > $bus/mtty/mdev_supported_types/mtty-2/create"
show "ls /sys/bus/mdev/devices/"
show "cat $bus/mtty/mdev_supported_types/mtty-1/available_instances $bus/mtty/mdev_supported_types/mtty-2/available_instances"
show "echo 1 > /sys/bus/mdev/devices/$uuid/remove"
show "cat $bus/mtty/mdev_supported_types/mtty-1/available_instances $bus/mtty/mdev_supported_types/mtty-2/available_instances"

if ! ls "$bus"/*/mdev_supported_types/*/max_aggregation >/dev/null 2>&1; then
	say "== Aggregation =="
	say "This kernel does not have the aggregation series applied yet: the size of a device is still fixed by its type. With the series, a type that aggregates gains max_aggregation and aggregation_unit, and 'create' accepts '<uuid>,aggregate=N'."
	exit 0
fi

say "== Aggregation: N units of a type =="
say "With the aggregation series, a type that aggregates says what one unit holds (aggregation_unit) and how many units a new device of it could get now (max_aggregation). mdpy does not aggregate, so it has neither file."
for type in "$bus"/*/mdev_supported_types/*; do
	if [ -f "$type/max_aggregation" ]; then
		printf '    %-16s max_aggregation=%-6s unit: %s\n' "$(basename "$type")" \
			"$(cat "$type/max_aggregation")" "$(tr '\n' ' ' <"$type/aggregation_unit")"
	else
		printf '    %-16s (does not aggregate)\n' "$(basename "$type")"
	fi
done

small=$bus/mbochs/mdev_supported_types/mbochs-small
big=6a0e6c1c-5f2b-4bd2-9a53-7d4e3b2a1c01
say "== Creating a device of 4 units =="
say "mbochs-small is a 4 MB display device. Appending ',aggregate=4' to the UUID creates one device holding 4 units - 16 MB - in one step: it appears with all four units, or the write fails and nothing changes. The pool shrinks by 4 units:"
show "cat $small/available_instances"
show "echo $big,aggregate=4 > $small/create"
show "cat /sys/bus/mdev/devices/$big/mdev/aggregation"
show "cat /sys/bus/mdev/devices/$big/vendor/memory 2>/dev/null || true"
show "cat $small/available_instances"

say "== Resizing a device =="
say "The device's mdev/ folder tells how far it may grow now (max_aggregation) and when it may be resized (aggregation_resize: 'idle' means while no VM has it open). Writing to mdev/aggregation resizes it, here from 4 units to 8 and back to 2; the pool follows at once:"
show "cat /sys/bus/mdev/devices/$big/mdev/max_aggregation /sys/bus/mdev/devices/$big/mdev/aggregation_resize"
show "echo 8 > /sys/bus/mdev/devices/$big/mdev/aggregation; cat $small/available_instances"
show "echo 2 > /sys/bus/mdev/devices/$big/mdev/aggregation; cat $small/available_instances"

. "$(dirname "$0")/demo-vfio.sh"

say "== Refusals change nothing =="
say "Asking for more units than the parent has free fails with ENOSPC ('No space left on device'); a malformed number fails with EINVAL; a type that does not aggregate refuses aggregate=2 with EOPNOTSUPP. After each refusal the device and the pool are exactly as before:"
show "echo 100000 > /sys/bus/mdev/devices/$big/mdev/aggregation"
show "echo 2x > /sys/bus/mdev/devices/$big/mdev/aggregation"
show "echo 0e6a0e6c-5f2b-4bd2-9a53-7d4e3b2a1c02,aggregate=2 > $bus/mdpy/mdev_supported_types/mdpy-vga/create"
show "cat /sys/bus/mdev/devices/$big/mdev/aggregation $small/available_instances"

if [ -d "$bus/msiov" ]; then
	wq=$bus/msiov/mdev_supported_types/msiov-wq
	say "== A work-queue device counted by the core =="
	say "msiov models a Scalable-IOV accelerator: one unit is one work queue, at most 8 per device (its register block has 8 doorbells). The mdev core counts its queues, and a device may be resized while a VM uses it ('live'): the device then tells the guest."
	show "cat $wq/available_instances $wq/max_aggregation"
	show "echo 9e2c4a10-7b3d-4e8f-a1c2-3d4e5f6a7b01,aggregate=3 > $wq/create"
	show "cat /sys/bus/mdev/devices/9e2c4a10-7b3d-4e8f-a1c2-3d4e5f6a7b01/mdev/aggregation_resize"
	show "echo 9 > /sys/bus/mdev/devices/9e2c4a10-7b3d-4e8f-a1c2-3d4e5f6a7b01/mdev/aggregation"
	show "echo 1 > /sys/bus/mdev/devices/9e2c4a10-7b3d-4e8f-a1c2-3d4e5f6a7b01/remove; cat $wq/available_instances"
fi

say "== Removing gives every unit back =="
show "echo 1 > /sys/bus/mdev/devices/$big/remove; cat $small/available_instances"
say "That is mdev aggregation: the vendor defines the unit, the user picks how many."
