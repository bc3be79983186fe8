/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Intel 82576 (igb) registers and the PF/VF mailbox protocol, as the PF
 * driver (igb_pf.c) and the VF driver (igbvf.c) use them (the 82576
 * datasheet, as QEMU's hw/net/igb_core.c and igbvf.c implement it).
 * Offsets are from BAR0 of the PF or
 * of the VF; all accesses are 32 bits wide.
 *
 * Register access goes through struct igb_hw: on hardware a plain MMIO
 * load/store on the mapped BAR; in host unit tests a register model's
 * callbacks (tests/unit/igb_model.c), so the drivers' state machines run
 * unchanged against a misbehaving peer.
 */
#ifndef DOMAINS_IGB_IGB_REGS_H
#define DOMAINS_IGB_IGB_REGS_H

#include <stdint.h>
#include <stdbool.h>

/* ---- the device ---- */
#define IGB_VENDOR_ID           0x8086
#define IGB_PF_DEVICE_ID        0x10c9
#define IGB_VF_DEVICE_ID        0x10ca
#define IGB_VF_MSIX_ENTRIES     3
#define IGB_PF_MSIX_ENTRIES     10

/* ---- PF registers ---- */
#define IGB_CTRL                0x0000
#define  IGB_CTRL_RST           (1u << 26)
#define IGB_STATUS              0x0008
#define  IGB_STATUS_LU          (1u << 1)
#define IGB_CTRL_EXT            0x0018
#define  IGB_CTRL_EXT_PFRSTD    (1u << 14)
#define IGB_MDIC                0x0020
#define  IGB_MDIC_BMCR_ANRESTART (0x1340u | (1u << 21) | (1u << 26))
#define IGB_ICR                 0x00c0
#define  IGB_ICR_LSC            (1u << 2)
#define  IGB_ICR_VMMB           (1u << 8)
#define IGB_IMS                 0x00d0
#define IGB_IMC                 0x00d8
#define IGB_RCTL                0x0100
#define  IGB_RCTL_EN            (1u << 1)
#define  IGB_RCTL_BAM           (1u << 15)
#define  IGB_RCTL_SECRC         (1u << 26)
#define IGB_TCTL                0x0400
#define  IGB_TCTL_EN            (1u << 1)
#define  IGB_TCTL_PSP           (1u << 3)
#define IGB_GPIE_REG            0x1514
#define  IGB_GPIE_NSICR         (1u << 0)
#define  IGB_GPIE_MSIX          (1u << 4)
#define IGB_EICS_REG            0x1520  /* cause set */
#define IGB_EIMS_REG            0x1524  /* mask set (enables) */
#define IGB_EIMC_REG            0x1528  /* mask clear */
#define IGB_EIAC_REG            0x152c  /* auto clear */
#define IGB_EICR_REG            0x1580  /* cause read / write 1 to clear */
#define IGB_IVAR0               0x1700
#define IGB_IVAR_MISC           0x1740
#define  IGB_IVAR_VALID         0x80u
#define IGB_DTXSWC              0x3500
#define  IGB_DTXSWC_LOOPBACK    (1u << 31)
#define IGB_MTA(i)              (0x5200 + 4 * (i))      /* 128 words */
/* Receive-address slots: 16 at 0x5400, 8 more at 0x54e0. */
#define IGB_RAR_ENTRIES         24
#define IGB_RAL(i)              ((i) < 16 ? 0x5400 + 8 * (i) : 0x54e0 + 8 * ((i) - 16))
#define IGB_RAH(i)              (IGB_RAL(i) + 4)
#define  IGB_RAH_AV             (1u << 31)
#define  IGB_RAH_POOL(n)        (1u << (18 + (n)))
#define  IGB_RAH_POOL_MASK      (0xffu << 18)
#define IGB_MRQC                0x5818
#define  IGB_MRQC_VMDQ          3u
#define IGB_VT_CTL              0x581c
#define  IGB_VT_CTL_DIS_DEF_POOL (1u << 29)
#define IGB_VMOLR(n)            (0x5ad0 + 4 * (n))
#define  IGB_VMOLR_RLPML_MASK   0x3fffu
#define  IGB_VMOLR_LPE          (1u << 16)
#define  IGB_VMOLR_AUPE         (1u << 24)
#define  IGB_VMOLR_ROMPE        (1u << 25)
#define  IGB_VMOLR_BAM          (1u << 27)
#define IGB_P2VMAILBOX(n)       (0x0c00 + 4 * (n))
#define  IGB_P2V_STS            (1u << 0)
#define  IGB_P2V_ACK            (1u << 1)
#define  IGB_P2V_VFU            (1u << 2)
#define  IGB_P2V_PFU            (1u << 3)
#define  IGB_P2V_RVFU           (1u << 4)
#define IGB_PF_VMBMEM(n)        (0x0800 + 0x40 * (n))
#define IGB_MBVFICR             0x0c80
#define  IGB_MBVFICR_REQ(n)     (1u << (n))
#define  IGB_MBVFICR_ACK(n)     (1u << (16 + (n)))
#define IGB_MBVFIMR             0x0c84
#define IGB_VFLRE               0x0c88
#define IGB_VFRE                0x0c8c
#define IGB_VFTE                0x0c90
#define IGB_PVTCTRL(n)          (0x10000 + 0x100 * (n))  /* a VF's CTRL, from the PF */
#define IGB_MAX_VFS             7       /* pool 7 is left to the PF */
#define IGB_PF_MSIX_VECTOR      0       /* the PF's mailbox/VF-reset vector */

/* ---- VF registers (queue 0) ---- */
#define IGBVF_CTRL              0x0000
#define IGBVF_STATUS            0x0008
#define IGBVF_EICS              0x1520
#define IGBVF_EIMS              0x1524
#define IGBVF_EIMC              0x1528
#define IGBVF_EIAC              0x152c
#define IGBVF_EICR              0x1580
#define IGBVF_IVAR0             0x1700
#define IGBVF_IVAR_MISC         0x1740
#define IGBVF_V2PMAILBOX        0x0c40
#define  IGB_V2P_REQ            (1u << 0)
#define  IGB_V2P_ACK            (1u << 1)
#define  IGB_V2P_VFU            (1u << 2)
#define  IGB_V2P_PFU            (1u << 3)
#define  IGB_V2P_PFSTS          (1u << 4)       /* read clears */
#define  IGB_V2P_PFACK          (1u << 5)       /* read clears */
#define  IGB_V2P_RSTI           (1u << 6)
#define  IGB_V2P_RSTD           (1u << 7)       /* read clears */
#define IGBVF_VMBMEM            0x0800
#define IGBVF_RDBAL             0x2800
#define IGBVF_RDBAH             0x2804
#define IGBVF_RDLEN             0x2808
#define IGBVF_SRRCTL            0x280c
#define  IGBVF_SRRCTL_2K_ADV1BUF (2u | 0x02000000u)
#define IGBVF_RDH               0x2810
#define IGBVF_RDT               0x2818
#define IGBVF_RXDCTL            0x2828
#define IGBVF_TDBAL             0x3800
#define IGBVF_TDBAH             0x3804
#define IGBVF_TDLEN             0x3808
#define IGBVF_TDH               0x3810
#define IGBVF_TDT               0x3818
#define IGBVF_TXDCTL            0x3828
#define  IGBVF_XDCTL_ENABLE     (1u << 25)
#define IGBVF_TDWBAL            0x3838
#define IGBVF_TDWBAH            0x383c
#define IGBVF_VEC_RX            0       /* MSI-X entries of the VF driver */
#define IGBVF_VEC_TX            1
#define IGBVF_VEC_MBX           2

/* ---- mailbox messages (16 words of VMBMEM) ---- */
#define IGB_MBX_WORDS           16
#define IGB_MSG_VF_RESET        0x01u
#define IGB_MSG_SET_MAC_ADDR    0x02u
/* SET_MAC_ADDR's info bits: not its address, its unicast filters (Linux's
 * igbvf clears them, then adds the extra addresses its netdev has). */
#define  IGB_MAC_FILTER_CLR     (0x01u << 16)
#define  IGB_MAC_FILTER_ADD     (0x02u << 16)
#define IGB_MSG_SET_MULTICAST   0x03u
#define IGB_MSG_SET_VLAN        0x04u
#define IGB_MSG_SET_LPE         0x05u
#define IGB_MSG_PF_CONTROL      0x0100u /* PF -> VF, unasked: the link changed */
#define IGB_MSG_ACK             0x80000000u
#define IGB_MSG_NACK            0x40000000u
#define IGB_MSG_CTS             0x20000000u
#define IGB_MSG_TYPE_MASK       0x0000ffffu
#define IGB_MSG_INFO_SHIFT      16
#define IGB_MSG_INFO_MASK       0x00ff0000u
#define IGB_MAX_FRAME           9216u   /* SET_LPE's largest frame */

/* ---- descriptors (16 bytes each) ---- */
struct igb_rx_desc {                    /* advanced, one buffer */
    uint64_t pkt_addr;                  /* read: buffer; write-back: info */
    uint64_t hdr_addr;                  /* read: 0; write-back: status, length */
};
#define IGB_RXD_STAT_DD         (1u << 0)
#define IGB_RXD_STAT_EOP        (1u << 1)
#define IGB_RXD_LEN(hi)         ((uint32_t)((hi) >> 32) & 0xffffu)

struct igb_tx_desc {                    /* advanced data descriptor */
    uint64_t addr;
    uint32_t cmd_type_len;
    uint32_t olinfo_status;             /* write-back: DD in bit 0 */
};
#define IGB_TXD_DTYP_DATA       (3u << 20)
#define IGB_TXD_EOP             (1u << 24)
#define IGB_TXD_IFCS            (1u << 25)
#define IGB_TXD_RS              (1u << 27)
#define IGB_TXD_DEXT            (1u << 29)
#define IGB_TXD_PAYLEN_SHIFT    14
#define IGB_TXD_STAT_DD         (1u << 0)

/* ---- register access ---- */
struct igb_model;                       /* host tests only */
struct igb_hw {
    volatile uint8_t *bar0;             /* the function's BAR0 */
    struct igb_model *model;            /* NULL: real MMIO */
};

uint32_t igb_model_rd(struct igb_model *m, unsigned int reg);
void igb_model_wr(struct igb_model *m, unsigned int reg, uint32_t v);

static inline uint32_t igb_hw_rd(const struct igb_hw *hw, unsigned int reg)
{
#ifdef CONFIG_HOST_TEST
    if (hw->model)
        return igb_model_rd(hw->model, reg);
#endif
    return *(volatile uint32_t *)(hw->bar0 + reg);
}

static inline void igb_hw_wr(const struct igb_hw *hw, unsigned int reg,
                             uint32_t v)
{
#ifdef CONFIG_HOST_TEST
    if (hw->model) {
        igb_model_wr(hw->model, reg, v);
        return;
    }
#endif
    *(volatile uint32_t *)(hw->bar0 + reg) = v;
}

#endif /* DOMAINS_IGB_IGB_REGS_H */
