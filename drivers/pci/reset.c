/* SPDX-License-Identifier: GPL-2.0 */
/* Function-level reset (<mhv/pci/reset.h>). */
#include <mhv/pci/reset.h>
#include <mhv/init.h>
#include <mhv/pci/regs.h>
#include <mhv/lib.h>
#include <mhv/errno.h>
#include <mhv/time.h>
#include <mhv/pci/access.h>
#include <mhv/pci/caps.h>
#include <mhv/sbdf.h>

void pci_save_config(pci_sbdf_t sbdf, struct pci_saved_config *c)
{
    for (unsigned int i = 0; i < 6; i++)
        c->bar[i] = pci_conf_read32(sbdf, PCI_BASE_ADDRESS_0 + 4 * i);
    c->rom = pci_conf_read32(sbdf, PCI_ROM_ADDRESS);
    c->command = pci_conf_read16(sbdf, PCI_COMMAND);
    c->cache_line = pci_conf_read8(sbdf, PCI_CACHE_LINE_SIZE);
    c->latency = pci_conf_read8(sbdf, PCI_LATENCY_TIMER);
    c->irq_line = pci_conf_read8(sbdf, PCI_INTERRUPT_LINE);
    c->exp_pos = pci_find_cap(sbdf, PCI_CAP_ID_EXP);
    if (c->exp_pos) {
        c->devctl = pci_conf_read16(sbdf, c->exp_pos + PCI_EXP_DEVCTL) &
                    ~PCI_EXP_DEVCTL_BCR_FLR;
        c->devctl2 = pci_conf_read16(sbdf, c->exp_pos + PCI_EXP_DEVCTL2);
    }
}

void pci_restore_config(pci_sbdf_t sbdf, const struct pci_saved_config *c)
{
    for (unsigned int i = 0; i < 6; i++)
        pci_conf_write32(sbdf, PCI_BASE_ADDRESS_0 + 4 * i, c->bar[i]);
    pci_conf_write32(sbdf, PCI_ROM_ADDRESS, c->rom);
    pci_conf_write8(sbdf, PCI_CACHE_LINE_SIZE, c->cache_line);
    pci_conf_write8(sbdf, PCI_LATENCY_TIMER, c->latency);
    pci_conf_write8(sbdf, PCI_INTERRUPT_LINE, c->irq_line);
    if (c->exp_pos) {
        pci_conf_write16(sbdf, c->exp_pos + PCI_EXP_DEVCTL, c->devctl);
        pci_conf_write16(sbdf, c->exp_pos + PCI_EXP_DEVCTL2, c->devctl2);
    }
    pci_conf_write16(sbdf, PCI_COMMAND, c->command);
}

bool pci_has_flr(pci_sbdf_t sbdf)
{
    unsigned int pos = pci_find_cap(sbdf, PCI_CAP_ID_EXP);

    return pos && (pci_conf_read32(sbdf, pos + PCI_EXP_DEVCAP) & PCI_EXP_DEVCAP_FLR);
}

/* The wait after an FLR: 100 ms as PCIe asks; tests on QEMU (whose FLR is
 * synchronous) shorten it to make thousands of owner changes affordable. */
static unsigned int flr_wait_ms = 100;
integer_param("pci_flr_wait_ms", flr_wait_ms);

unsigned int pci_flr_settle_ms(void)
{
    return flr_wait_ms;
}

bool pci_flr_quiesced(pci_sbdf_t sbdf)
{
    unsigned int pos = pci_find_cap(sbdf, PCI_CAP_ID_EXP);

    return !pos || !(pci_conf_read16(sbdf, pos + PCI_EXP_DEVSTA) & PCI_EXP_DEVSTA_TRPND);
}

int pci_flr_initiate(pci_sbdf_t sbdf)
{
    unsigned int pos = pci_find_cap(sbdf, PCI_CAP_ID_EXP);
    u16 ctl;

    if (!pos || !(pci_conf_read32(sbdf, pos + PCI_EXP_DEVCAP) & PCI_EXP_DEVCAP_FLR))
        return -ENODEV;
    ctl = pci_conf_read16(sbdf, pos + PCI_EXP_DEVCTL);
    pci_conf_write16(sbdf, pos + PCI_EXP_DEVCTL, ctl | PCI_EXP_DEVCTL_BCR_FLR);
    return 0;
}

bool pci_flr_answers(pci_sbdf_t sbdf)
{
    /* A VF's vendor ID reads all-ones by definition: ask its class. */
    return pci_conf_read32(sbdf, PCI_CLASS_REVISION) != ~0U;
}
