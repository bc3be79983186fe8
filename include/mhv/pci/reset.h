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
 * Function-level reset in steps that never wait, for a caller that spaces
 * them with timers (the registry's asynchronous reset, <mhv/passthrough/pdev_reset.h>):
 *   1. poll pci_flr_quiesced() until no transaction is pending (PCIe Device
 *      Status; the caller gives up after 100 ms and goes on);
 *   2. pci_flr_initiate(): 0, or -ENODEV (no PCIe capability or no FLR);
 *   3. wait pci_flr_settle_ms() (100 ms, PCIe's figure; the command line's
 *      pci_flr_wait_ms= shortens it on QEMU, whose FLR is synchronous);
 *   4. poll pci_flr_answers() until the function answers config reads
 *      again (the caller gives up after 1 s).
 * Config state is lost: pci_save_config() before, pci_restore_config() after.
 */
bool pci_flr_quiesced(pci_sbdf_t sbdf);
int pci_flr_initiate(pci_sbdf_t sbdf);
unsigned int pci_flr_settle_ms(void);
bool pci_flr_answers(pci_sbdf_t sbdf);

#endif /* MHV_PCI_RESET_H */
