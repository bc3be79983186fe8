/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Function-level reset and the config state around it (drivers/pci/reset.c).
 * Mechanism only: who may reset a function, and what is torn down around
 * it, is the registry's (pci_reset_device(), <mhv/passthrough/pcidev.h>).
 */
#ifndef MHV_PCI_RESET_H
#define MHV_PCI_RESET_H

#include <mhv/types.h>
#include <mhv/sbdf.h>

/* What an FLR clears and the function's owner keeps: the header's BARs,
 * ROM BAR, COMMAND, cache line / latency, interrupt line, and PCIe Device
 * Control / Device Control 2. */
struct pci_saved_config {
    u32 bar[6], rom;
    u16 command;
    u8 cache_line, latency, irq_line;
    unsigned int exp_pos;           /* 0: no PCIe capability */
    u16 devctl, devctl2;
};

void pci_save_config(pci_sbdf_t sbdf, struct pci_saved_config *c);
/* BARs first, COMMAND last (decoding comes back on placed BARs). */
void pci_restore_config(pci_sbdf_t sbdf, const struct pci_saved_config *c);

/* The function offers FLR (PCIe Device Capabilities). */
bool pci_has_flr(pci_sbdf_t sbdf);

/*
 * Function-level reset: wait (at most 100 ms) for pending transactions,
 * initiate FLR, wait the 100 ms the specification asks, then (at most 1 s)
 * until the function answers config reads again.  Bounded everywhere.
 * Returns 0, -ENODEV (no PCIe capability or no FLR), or -ETIMEDOUT (it
 * never answered; logged).  Config state is lost: save and restore it.
 */
int pci_flr(pci_sbdf_t sbdf);
/* The two halves of pci_flr(): initiate (pending transactions waited for,
 * at most 100 ms; -ENODEV), then wait for the function to come back. */
int pci_flr_start(pci_sbdf_t sbdf);
int pci_flr_wait(pci_sbdf_t sbdf);

#endif /* MHV_PCI_RESET_H */
