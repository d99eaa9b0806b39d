#!/bin/sh
# The narrated demonstration, run inside the test VM by scripts/demo.
# Every value shown is read from the running kernel at that moment.

bus=/sys/class/mdev_bus

say() { printf '\n%s\n' "$*" | fold -s -w 76; }
show() { printf '  $ %s\n' "$*"; sh -c "$*" 2>&1 | sed 's/^/    /'; }

say "== Mediated devices =="
say "A mediated device (mdev) is a slice of a parent device - a vGPU of a GPU, a queue set of an accelerator, a port of a serial card - that a virtual machine can be given through VFIO. The kernel's sample drivers play such parents: mtty (a virtual serial card), mbochs and mdpy (virtual display cards). Loading them registers three parents:"
for mod in mtty mdpy mbochs msiov; do
	modinfo "$mod" >/dev/null 2>&1 && modprobe "$mod"
done
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
say "With the aggregation series, a type that aggregates says what one unit holds (aggregation_unit) and how many units a new device could get now (max_aggregation):"
for type in "$bus"/*/mdev_supported_types/*; do
	[ -f "$type/max_aggregation" ] || continue
	printf '    %-16s max_aggregation=%-6s unit: %s\n' "$(basename "$type")" \
		"$(cat "$type/max_aggregation")" "$(tr '\n' ' ' <"$type/aggregation_unit")"
done
