/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PCI config-space accessors (see <mhv/pci/access.h>): the width, and the
 * check that an access is aligned and inside the 4 KiB config space, over
 * the mechanism of <mhv/pci/ecam.h>.
 *
 * Every caller computes its registers from positions recorded or checked
 * when the device was added (capability walks are bounded and aligned), so
 * a bad access is a bug of the hypervisor's, never a device's doing: it is
 * an ASSERT (the host tests and fuzzers run with them on), and in a release
 * build reads all-ones and drops the write.
 */
#include <mhv/pci/access.h>
#include <mhv/pci/ecam.h>
#include <mhv/bug.h>

static bool access_ok(unsigned int reg, unsigned int size)
{
    return !(reg & (size - 1)) && reg <= PCI_CFG_SPACE_EXP_SIZE - size;
}

static u32 conf_read(pci_sbdf_t sbdf, unsigned int reg, unsigned int size)
{
    ASSERT(access_ok(reg, size));
    if (!access_ok(reg, size))
        return ~0u;
    return pci_conf_raw_read(sbdf, reg, size);
}

static void conf_write(pci_sbdf_t sbdf, unsigned int reg, unsigned int size,
                       u32 val)
{
    ASSERT(access_ok(reg, size));
    if (access_ok(reg, size))
        pci_conf_raw_write(sbdf, reg, size, val);
}

u8 pci_conf_read8(pci_sbdf_t sbdf, unsigned int reg)
{
    return conf_read(sbdf, reg, 1);
}

u16 pci_conf_read16(pci_sbdf_t sbdf, unsigned int reg)
{
    return conf_read(sbdf, reg, 2);
}

u32 pci_conf_read32(pci_sbdf_t sbdf, unsigned int reg)
{
    return conf_read(sbdf, reg, 4);
}

void pci_conf_write8(pci_sbdf_t sbdf, unsigned int reg, u8 val)
{
    conf_write(sbdf, reg, 1, val);
}

void pci_conf_write16(pci_sbdf_t sbdf, unsigned int reg, u16 val)
{
    conf_write(sbdf, reg, 2, val);
}

void pci_conf_write32(pci_sbdf_t sbdf, unsigned int reg, u32 val)
{
    conf_write(sbdf, reg, 4, val);
}
