/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Intel 82576 (igb PF 8086:10c9, igbvf VF 8086:10ca): just enough to make
 * the device raise an MSI-X vector by software (writing its interrupt cause
 * set register), for mhvctl's `fire` and the ordinary domain's test.  The
 * registers are <igb/igb_regs.h>'s; the VF's interrupt registers sit at the
 * same offsets in the VF's BAR0.
 *
 * Recipe: the PF's GPIE gets MSIX_MODE once (igb_pf_msix_mode(); only the
 * PF's owner can do it), then igb_trigger() on the function that owns the
 * vector: EIAC (auto-clear) and EIMS (unmask) for the vector, EICR cleared
 * of a stale cause, then EICS sets the cause and the device sends the
 * MSI-X message of that table entry.
 */
#ifndef DOMAINS_IGB_IGB_IRQ_H
#define DOMAINS_IGB_IGB_IRQ_H

#include <stdint.h>
#include <stdbool.h>
#include <igb/igb_regs.h>

static inline uint32_t igb_rd(volatile void *bar0, unsigned int reg)
{
    return *(volatile uint32_t *)((volatile uint8_t *)bar0 + reg);
}

static inline void igb_wr(volatile void *bar0, unsigned int reg, uint32_t v)
{
    *(volatile uint32_t *)((volatile uint8_t *)bar0 + reg) = v;
}

static inline bool igb_is_pf(uint16_t vendor, uint16_t device)
{
    return vendor == IGB_VENDOR_ID && device == IGB_PF_DEVICE_ID;
}

static inline bool igb_is_vf(uint16_t vendor, uint16_t device)
{
    return vendor == IGB_VENDOR_ID && device == IGB_VF_DEVICE_ID;
}

/* PF BAR0: put the device's interrupts in MSI-X mode (idempotent). */
static inline void igb_pf_msix_mode(volatile void *pf_bar0)
{
    uint32_t gpie = igb_rd(pf_bar0, IGB_GPIE_REG);

    if (!(gpie & IGB_GPIE_MSIX))
        igb_wr(pf_bar0, IGB_GPIE_REG, gpie | IGB_GPIE_MSIX);
}

/*
 * Raise MSI-X vector @vec of the function whose BAR0 is @bar0.  A VF gets
 * all three of its vectors auto-cleared and enabled (EIAC = EIMS = 7); a PF
 * only the one vector's bit, leaving the others as they are.
 */
static inline void igb_trigger(volatile void *bar0, bool vf, unsigned int vec)
{
    uint32_t bit = 1u << vec;

    if (vf) {
        igb_wr(bar0, IGB_EIAC_REG, 7);
        igb_wr(bar0, IGB_EIMS_REG, 7);
    } else {
        igb_wr(bar0, IGB_EIAC_REG, igb_rd(bar0, IGB_EIAC_REG) | bit);
        igb_wr(bar0, IGB_EIMS_REG, bit);
    }
    igb_wr(bar0, IGB_EICR_REG, bit);        /* a stale cause would not re-fire */
    igb_wr(bar0, IGB_EICS_REG, bit);
}

#endif /* DOMAINS_IGB_IGB_IRQ_H */
