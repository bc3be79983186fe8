/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtual host bridge at 00:00.0 of every virtual PCI bus: an Intel
 * host bridge (class 0600) with nothing to configure.  A guest's PCI scan
 * wants one -- Linux's type-1 detection trusts the mechanism only when bus 0
 * holds a host bridge or an Intel device -- and nothing more: no BARs, no
 * capabilities, read-only.  8086:0d57 is the ID other virtual machines
 * give their root (no Linux quirk matches it).
 */
#include <mhv/pci/regs.h>
#include "vpci_private.h"

#define HOSTBRIDGE_VENDOR   0x8086
#define HOSTBRIDGE_DEVICE   0x0d57

static const u8 header[PCI_STD_HEADER_SIZE] = {
    [PCI_VENDOR_ID]          = HOSTBRIDGE_VENDOR & 0xff,
    [PCI_VENDOR_ID + 1]      = HOSTBRIDGE_VENDOR >> 8,
    [PCI_DEVICE_ID]          = HOSTBRIDGE_DEVICE & 0xff,
    [PCI_DEVICE_ID + 1]      = HOSTBRIDGE_DEVICE >> 8,
    [PCI_CLASS_DEVICE]       = PCI_CLASS_BRIDGE_HOST & 0xff,
    [PCI_CLASS_DEVICE + 1]   = PCI_CLASS_BRIDGE_HOST >> 8,
};

u32 vpci_hostbridge_read(unsigned int reg, unsigned int size)
{
    u32 v = 0;

    for (unsigned int i = 0; i < size; i++)
        if (reg + i < sizeof(header))
            v |= (u32)header[reg + i] << (8 * i);
    return v;
}
