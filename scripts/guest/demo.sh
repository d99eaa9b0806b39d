#!/bin/sh
# The narrated demonstration, run inside the test VM by scripts/demo.
# Every value shown is read from the running kernel at that moment.

bus=/sys/class/mdev_bus
devs=/sys/bus/mdev/devices

say() { printf '\n%s\n' "$*" | fold -s -w 76; }
show() { printf '  $ %s\n' "$*"; sh -c "$*" 2>&1 | sed 's/^/    /'; }
go() { printf '  $ cd %s\n' "$1"; cd "$1" || exit 1; }

say "== Mediated devices =="
say "A mediated device (mdev) is a slice of a parent device - a vGPU of a GPU, a queue set of an accelerator, a port of a serial card - that a virtual machine can be given through VFIO. The kernel's sample drivers play such parents: mtty (a virtual serial card), mbochs and mdpy (virtual display cards) and, with this series, msiov (an accelerator with work queues). Loading them registers one parent each:"
load-sample-parents
show "ls $bus"

say "== Types: what one device is =="
say "Each parent offers types, and a type fixes what a device of it is made of: mtty-1 is one serial port, mtty-2 two; mbochs-small has 4 MB of video memory, mbochs-large 64 MB. The types of one parent share its pool (24 ports, 256 MB of video memory...), and available_instances says how many more devices of a type fit in what is left. A device is created by writing a UUID to its type's create file; an mtty-2 device takes two ports, so both mtty types drop:"
uuid=83b8f4f2-509f-382f-3c1e-e6bfe0fa1001
go $bus/mtty/mdev_supported_types
show "cat mtty-1/available_instances mtty-2/available_instances"
show "echo $uuid > mtty-2/create"
show "cat mtty-1/available_instances mtty-2/available_instances"
show "echo 1 > $devs/$uuid/remove"

if ! ls "$bus"/*/mdev_supported_types/*/max_aggregation >/dev/null 2>&1; then
	say "== Aggregation =="
	say "This kernel does not have the aggregation series applied yet: the size of a device is still fixed by its type. With the series, a type that aggregates gains max_aggregation, available_aggregation, aggregation_resize and the folder aggregation_unit/, its devices gain mdev/aggregation, and 'create' accepts '<uuid>,aggregate=N'."
	exit 0
fi

say "== Units: a device of N units of its type =="
say "Until now, a user who wanted four times mbochs-small needed a vendor to define that type. With aggregation the type says what one *unit* is and a device holds N units, N chosen by the user. Everything a manager needs to decide is in the type's folder, before any device exists:"
say "- aggregation_unit/ holds one file per quantity of a unit, in words an orchestrator understands (memory_mb, ports, queues...); 'grep . aggregation_unit/*' shows them all. mbochs-small's unit is 4 MB of video memory:"
go "$bus/mbochs/mdev_supported_types/mbochs-small"
show "grep . aggregation_unit/*"
say "- max_aggregation is the type's fixed limit: the most units one device of it can ever hold, whatever the pool holds. It is what the device model can address: an mtty device emulates at most two UARTs, an msiov device has doorbells for 8 queues, an mbochs device's video memory sits in a BAR of at most 2 GB (512 units of 4 MB)."
say "- available_aggregation is what is possible now: the largest device that could be created at this moment, the smaller of max_aggregation and the free units (0 when nothing is free). available_instances keeps its meaning and counts the free units."
say "- aggregation_resize says when a device of the type may be resized: 'idle' while no virtual machine has it open, 'live' at any time."
show "cat max_aggregation available_aggregation available_instances aggregation_resize"
say "For every type (mdpy does not aggregate, so it has none of these files):"
printf '    %-14s %-10s %-4s %-14s %-7s %s\n' TYPE AVAILABLE MAX AVAILABLE_AGG RESIZE "ONE UNIT HOLDS"
for type in "$bus"/*/mdev_supported_types/*; do
	if [ -f "$type/max_aggregation" ]; then
		unit=
		for f in "$type"/aggregation_unit/*; do
			unit="$unit${unit:+ }${f##*/}=$(cat "$f")"
		done
		printf '    %-14s %-10s %-4s %-14s %-7s %s\n' "${type##*/}" \
			"$(cat "$type/available_instances")" "$(cat "$type/max_aggregation")" \
			"$(cat "$type/available_aggregation")" "$(cat "$type/aggregation_resize")" "$unit"
	else
		printf '    %-14s %-10s %-4s %-14s %-7s %s\n' "${type##*/}" \
			"$(cat "$type/available_instances")" - - - "(does not aggregate)"
	fi
done

big=6a0e6c1c-5f2b-4bd2-9a53-7d4e3b2a1c01
small=$bus/mbochs/mdev_supported_types/mbochs-small
say "== Creating a device of 4 units: aggregate= =="
say "Appending ',aggregate=4' to the UUID creates one mbochs-small device holding 4 units - 16 MB of video memory - in one step: it appears with all four units, or the write fails and nothing changes. The pool loses 4 units, and what a new device could get now follows; the type's limit does not move:"
go "$small"
show "cat available_instances available_aggregation max_aggregation"
show "echo $big,aggregate=4 > create"
show "cat available_instances available_aggregation max_aggregation"
go "$devs/$big"
show "cat mdev/aggregation vendor/memory"

say "== Resizing a device: mdev/aggregation =="
say "The device's mdev/ folder says how far it may grow now (available_aggregation: its units plus the free ones, at most the type's max_aggregation); when it may be resized is its type's aggregation_resize, here 'idle'. Writing to mdev/aggregation resizes it, here from 4 units to 8 and down to 2; the pool, seen through the device's mdev_type link, follows at once:"
show "cat mdev/aggregation mdev/available_aggregation mdev_type/aggregation_resize"
show "echo 8 > mdev/aggregation; cat mdev_type/available_instances"
show "echo 2 > mdev/aggregation; cat mdev_type/available_instances"

# What a virtual machine sees: devices opened through VFIO (its own devices).
. "$(dirname "$0")/demo-vfio.sh"

say "== Refusals change nothing =="
say "Asking for more units than the parent has free fails with ENOSPC; more than the type's max_aggregation (512 here), or a malformed number, fails with EINVAL, whatever is free; a type that does not aggregate refuses aggregate=2 with EOPNOTSUPP. After each refusal the device and the pool are exactly as before:"
go "$devs/$big"
show "echo 100 > mdev/aggregation"
show "echo 513 > mdev/aggregation"
show "echo 2x > mdev/aggregation"
show "echo 0e6a0e6c-5f2b-4bd2-9a53-7d4e3b2a1c02,aggregate=2 > $bus/mdpy/mdev_supported_types/mdpy-vga/create"
show "cat mdev/aggregation mdev_type/available_instances"
show "echo 1 > remove; cat $small/available_instances"

say "== The same with mdevctl, unmodified =="
say "Management software needs no new interface: mdevctl (Debian's 1.2.0, as shipped) keeps device definitions, writes a definition's attributes right after it creates the device, and removes the device again when a write fails. So three commands define, size and start a device of 3 units:"
u=4d1a5e8c-2f3b-4c6d-8e7f-9a0b1c2d3e01
go "$small"
show "mdevctl define -u $u -p mbochs -t mbochs-small"
show "mdevctl modify -u $u --addattr=mdev/aggregation --value=3"
show "mdevctl start -u $u"
show "mdevctl list -v"
show "cat $devs/$u/mdev/aggregation available_instances"
say "The definition, kept in /etc/mdevctl.d, makes the same device at every start, and 'mdevctl list --dumpjson -u UUID' prints it to replay on another host. libvirt hands mdevctl the same JSON directly: 'mdevctl start --parent P --jsonfile /dev/stdin --uuid U'."

say "== Asking mdevctl for too much loses nothing =="
say "A second definition asks for 100 units, more than the parent has free. mdevctl creates the device, the kernel refuses the 100 with ENOSPC, mdevctl removes the device again and tells why. The devices and the pool are exactly as before:"
v=4d1a5e8c-2f3b-4c6d-8e7f-9a0b1c2d3e02
show "mdevctl define -u $v -p mbochs -t mbochs-small"
show "mdevctl modify -u $v --addattr=mdev/aggregation --value=100"
show "ls $devs; cat available_instances"
show "mdevctl start -u $v"
show "ls $devs; cat available_instances"

if [ -d "$bus/msiov" ]; then
	wq=$bus/msiov/mdev_supported_types/msiov-wq
	q=9e2c4a10-7b3d-4e8f-a1c2-3d4e5f6a7b01
	say "== A work-queue device, resized while in use =="
	say "msiov models a Scalable-IOV accelerator: one unit is one work queue, and the mdev core counts the parent's queues. Its devices may be resized while a virtual machine uses them (aggregation_resize 'live'): the device then tells the guest. Its limit (max_aggregation) of 8 queues a device is EINVAL however many are free:"
	go "$wq"
	show "grep . aggregation_unit/*"
	show "cat max_aggregation available_aggregation aggregation_resize"
	show "echo $q,aggregate=3 > create; cat available_instances available_aggregation"
	show "cat $devs/$q/mdev/available_aggregation"
	show "echo 9 > $devs/$q/mdev/aggregation"
	show "echo 1 > $devs/$q/remove; cat available_instances"
fi

# A real VMM with a guest of its own (when /nested is there).
. "$(dirname "$0")/demo-vmm.sh"

say "== Stopping gives every unit back =="
go "$small"
show "mdevctl stop -u $u; cat available_instances"
show "mdevctl undefine -u $u; mdevctl undefine -u $v; ls $devs /etc/mdevctl.d/mbochs"
say "That is mdev aggregation: the vendor defines the unit, the user picks how many, with the tools they already have."
