/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PCI and PCI Express configuration-space registers: the header (types 0, 1
 * and 2), COMMAND/STATUS bits, BAR encodings, capability IDs and layouts of
 * the capabilities the hypervisor touches (MSI, MSI-X, PCIe), extended
 * capability IDs and the SR-IOV capability.
 *
 * Names follow the PCI specifications (and the spelling Linux and Xen use),
 * so that a reader who knows either finds them at once.  Values only: no
 * code, no types.
 */
#ifndef MHV_PCI_REGS_H
#define MHV_PCI_REGS_H

#define PCI_CFG_SPACE_SIZE          0x100   /* conventional config space */
#define PCI_CFG_SPACE_EXP_SIZE      0x1000  /* PCIe extended config space */

/* ------------------------------------------------------------ common header */
#define PCI_VENDOR_ID               0x00    /* 16 bits; 0xffff: no function */
#define PCI_DEVICE_ID               0x02    /* 16 bits */
#define PCI_COMMAND                 0x04    /* 16 bits */
#define  PCI_COMMAND_IO             0x0001  /* decode I/O space */
#define  PCI_COMMAND_MEMORY         0x0002  /* decode memory space */
#define  PCI_COMMAND_MASTER         0x0004  /* bus master */
#define  PCI_COMMAND_SPECIAL        0x0008
#define  PCI_COMMAND_INVALIDATE     0x0010
#define  PCI_COMMAND_VGA_PALETTE    0x0020
#define  PCI_COMMAND_PARITY         0x0040
#define  PCI_COMMAND_SERR           0x0100
#define  PCI_COMMAND_FAST_BACK      0x0200
#define  PCI_COMMAND_INTX_DISABLE   0x0400
#define PCI_STATUS                  0x06    /* 16 bits */
#define  PCI_STATUS_INTERRUPT       0x0008
#define  PCI_STATUS_CAP_LIST        0x0010  /* capability list at 0x34 */
#define PCI_CLASS_REVISION          0x08    /* class << 8 | revision */
#define PCI_REVISION_ID             0x08
#define PCI_CLASS_PROG              0x09
#define PCI_CLASS_DEVICE            0x0a    /* base class << 8 | sub class */
#define PCI_CACHE_LINE_SIZE         0x0c
#define PCI_LATENCY_TIMER           0x0d
#define PCI_HEADER_TYPE             0x0e
#define  PCI_HEADER_TYPE_MASK       0x7f
#define  PCI_HEADER_TYPE_MFD        0x80    /* multi-function device */
#define  PCI_HEADER_TYPE_NORMAL     0
#define  PCI_HEADER_TYPE_BRIDGE     1
#define  PCI_HEADER_TYPE_CARDBUS    2
#define PCI_BIST                    0x0f

/* Class codes (base class << 8 | sub class) the core looks at. */
#define PCI_CLASS_BRIDGE_HOST       0x0600
#define PCI_CLASS_BRIDGE_PCI        0x0604
#define PCI_CLASS_BRIDGE_CARDBUS    0x0607

/* ------------------------------------------------------------ BARs */
#define PCI_BASE_ADDRESS_0          0x10
#define PCI_BASE_ADDRESS_1          0x14
#define PCI_BASE_ADDRESS_2          0x18
#define PCI_BASE_ADDRESS_3          0x1c
#define PCI_BASE_ADDRESS_4          0x20
#define PCI_BASE_ADDRESS_5          0x24
#define PCI_BAR_REG(n)              (PCI_BASE_ADDRESS_0 + 4 * (n))
#define PCI_NUM_BARS_NORMAL         6
#define PCI_NUM_BARS_BRIDGE         2
#define PCI_NUM_BARS_CARDBUS        1
#define  PCI_BASE_ADDRESS_SPACE_IO       0x01
#define  PCI_BASE_ADDRESS_MEM_TYPE_MASK  0x06
#define  PCI_BASE_ADDRESS_MEM_TYPE_32    0x00
#define  PCI_BASE_ADDRESS_MEM_TYPE_1M    0x02   /* legacy: below 1 MiB */
#define  PCI_BASE_ADDRESS_MEM_TYPE_64    0x04
#define  PCI_BASE_ADDRESS_MEM_PREFETCH   0x08
#define  PCI_BASE_ADDRESS_MEM_MASK       (~0x0fU)
#define  PCI_BASE_ADDRESS_IO_MASK        (~0x03U)

/* ------------------------------------------------------------ type 0 */
#define PCI_CARDBUS_CIS             0x28
#define PCI_SUBSYSTEM_VENDOR_ID     0x2c
#define PCI_SUBSYSTEM_ID            0x2e
#define PCI_ROM_ADDRESS             0x30
#define  PCI_ROM_ADDRESS_ENABLE     0x01
#define  PCI_ROM_ADDRESS_MASK       (~0x7ffU)
#define PCI_CAPABILITY_LIST         0x34    /* 8 bits: first capability */
#define PCI_INTERRUPT_LINE          0x3c
#define PCI_INTERRUPT_PIN           0x3d

/* ------------------------------------------------------------ type 1 */
#define PCI_PRIMARY_BUS             0x18
#define PCI_SECONDARY_BUS           0x19
#define PCI_SUBORDINATE_BUS         0x1a
#define PCI_SEC_LATENCY_TIMER       0x1b
#define PCI_IO_BASE                 0x1c
#define PCI_IO_LIMIT                0x1d
#define PCI_SEC_STATUS              0x1e
#define PCI_MEMORY_BASE             0x20    /* 16 bits: addr[31:20] in [15:4] */
#define PCI_MEMORY_LIMIT            0x22
#define  PCI_MEMORY_RANGE_MASK      0xfff0U
#define PCI_PREF_MEMORY_BASE        0x24
#define PCI_PREF_MEMORY_LIMIT       0x26
#define  PCI_PREF_RANGE_TYPE_MASK   0x000fU
#define  PCI_PREF_RANGE_TYPE_32     0x0000U
#define  PCI_PREF_RANGE_TYPE_64     0x0001U
#define  PCI_PREF_RANGE_MASK        0xfff0U
#define PCI_PREF_BASE_UPPER32       0x28
#define PCI_PREF_LIMIT_UPPER32      0x2c
#define PCI_IO_BASE_UPPER16         0x30
#define PCI_IO_LIMIT_UPPER16        0x32
#define PCI_ROM_ADDRESS1            0x38
#define PCI_BRIDGE_CONTROL          0x3e
#define PCI_BRIDGE_WINDOW_GRANULE   0x100000UL  /* memory windows: 1 MiB */

/* ------------------------------------------------------------ type 2 */
#define PCI_CB_CAPABILITY_LIST      0x14
#define PCI_CB_PRIMARY_BUS          0x18
#define PCI_CB_CARD_BUS             0x19    /* secondary bus */
#define PCI_CB_SUBORDINATE_BUS      0x1a

/* ------------------------------------------------------------ capabilities */
#define PCI_STD_HEADER_SIZE         0x40U   /* the type 0/1 header */
#define PCI_CAP_LIST_ID             0       /* offsets inside a capability */
#define PCI_CAP_LIST_NEXT           1
#define PCI_CAP_PTR_MIN             0x40    /* capabilities live above the header */
#define PCI_CAP_PTR_MASK            0xfc
/* At most this many capabilities fit in 0x40..0xff (4 bytes each). */
#define PCI_CAP_MAX_ENTRIES         ((PCI_CFG_SPACE_SIZE - PCI_CAP_PTR_MIN) / 4)

#define PCI_CAP_ID_PM               0x01
#define PCI_PM_CTRL                 0x04    /* PM control/status: power state */
#define PCI_CAP_ID_AGP              0x02
#define PCI_CAP_ID_VPD              0x03
#define PCI_CAP_ID_SLOTID           0x04
#define PCI_CAP_ID_MSI              0x05
#define PCI_CAP_ID_CHSWP            0x06
#define PCI_CAP_ID_PCIX             0x07
#define PCI_CAP_ID_HT               0x08
#define PCI_CAP_ID_VNDR             0x09
#define PCI_CAP_ID_DBG              0x0a
#define PCI_CAP_ID_SSVID            0x0d
#define PCI_CAP_ID_EXP              0x10
#define PCI_CAP_ID_MSIX             0x11
#define PCI_CAP_ID_SATA             0x12
#define PCI_CAP_ID_AF               0x13

/* MSI capability */
#define PCI_MSI_FLAGS               0x02
#define  PCI_MSI_FLAGS_ENABLE       0x0001
#define  PCI_MSI_FLAGS_QMASK        0x000e  /* vectors offered: 1 << ((f >> 1) & 7) */
#define  PCI_MSI_FLAGS_QSIZE        0x0070  /* vectors enabled */
#define  PCI_MSI_FLAGS_64BIT        0x0080
#define  PCI_MSI_FLAGS_MASKBIT      0x0100  /* per-vector masking */
#define PCI_MSI_ADDRESS_LO          0x04
#define PCI_MSI_ADDRESS_HI          0x08    /* 64-bit only */
#define PCI_MSI_DATA_32             0x08
#define PCI_MSI_DATA_64             0x0c
#define PCI_MSI_MASK_32             0x0c
#define PCI_MSI_MASK_64             0x10
#define PCI_MSI_PENDING_32          0x10
#define PCI_MSI_PENDING_64          0x14

/* MSI-X capability */
#define PCI_MSIX_FLAGS              0x02
#define  PCI_MSIX_FLAGS_QSIZE       0x07ff  /* table size - 1 */
#define  PCI_MSIX_FLAGS_MASKALL     0x4000
#define  PCI_MSIX_FLAGS_ENABLE      0x8000
#define PCI_MSIX_TABLE              0x04
#define PCI_MSIX_PBA                0x08
#define  PCI_MSIX_BIRMASK           0x00000007U
#define  PCI_MSIX_OFFSET_MASK       (~0x7U)
#define PCI_MSIX_CAP_SIZE           12U
#define PCI_MSIX_ENTRY_SIZE         16
#define  PCI_MSIX_ENTRY_LOWER_ADDR  0x0
#define  PCI_MSIX_ENTRY_UPPER_ADDR  0x4
#define  PCI_MSIX_ENTRY_DATA        0x8
#define  PCI_MSIX_ENTRY_VECTOR_CTRL 0xc
#define   PCI_MSIX_ENTRY_CTRL_MASKBIT 0x1

/* PCI Express capability */
#define PCI_EXP_FLAGS               0x02
#define  PCI_EXP_FLAGS_VERS         0x000f
#define  PCI_EXP_FLAGS_TYPE         0x00f0
#define   PCI_EXP_TYPE_ENDPOINT     0x0
#define   PCI_EXP_TYPE_LEG_END      0x1
#define   PCI_EXP_TYPE_ROOT_PORT    0x4
#define   PCI_EXP_TYPE_UPSTREAM     0x5
#define   PCI_EXP_TYPE_DOWNSTREAM   0x6
#define   PCI_EXP_TYPE_PCI_BRIDGE   0x7
#define   PCI_EXP_TYPE_PCIE_BRIDGE  0x8
#define   PCI_EXP_TYPE_RC_END       0x9
#define   PCI_EXP_TYPE_RC_EC        0xa
#define PCI_EXP_CAP_SIZE_V1         0x14U   /* an endpoint's, version 1 */
#define PCI_EXP_CAP_SIZE_V2         0x3cU   /* every function's, version 2 */
#define PCI_EXP_DEVCAP              0x04
#define  PCI_EXP_DEVCAP_FLR         0x10000000U /* function-level reset */
#define PCI_EXP_DEVCTL              0x08
#define  PCI_EXP_DEVCTL_BCR_FLR     0x8000  /* initiate function-level reset */
#define PCI_EXP_DEVSTA              0x0a
#define  PCI_EXP_DEVSTA_TRPND       0x0020  /* transactions pending */
#define  PCI_EXP_FLAGS_SLOT         0x0100  /* slot implemented */
#define  PCI_EXP_FLAGS_IRQ          0x3e00  /* interrupt message number */
#define PCI_EXP_LNKSTA              0x12
#define  PCI_EXP_LNKSTA_DLLLA       0x2000  /* data link layer link active */
#define PCI_EXP_SLTCAP              0x14
#define  PCI_EXP_SLTCAP_ABP         0x00000001  /* attention button */
#define  PCI_EXP_SLTCAP_PCP         0x00000002  /* power controller */
#define  PCI_EXP_SLTCAP_AIP         0x00000008  /* attention indicator */
#define  PCI_EXP_SLTCAP_PIP         0x00000010  /* power indicator */
#define  PCI_EXP_SLTCAP_HPC         0x00000040  /* hot-plug capable */
#define  PCI_EXP_SLTCAP_NCCS        0x00040000  /* no command completed support */
#define  PCI_EXP_SLTCAP_PSN         0xfff80000  /* physical slot number */
#define PCI_EXP_SLTCTL              0x18
#define  PCI_EXP_SLTCTL_ABPE        0x0001
#define  PCI_EXP_SLTCTL_PDCE        0x0008
#define  PCI_EXP_SLTCTL_CCIE        0x0010
#define  PCI_EXP_SLTCTL_HPIE        0x0020
#define  PCI_EXP_SLTCTL_AIC         0x00c0  /* attention indicator */
#define  PCI_EXP_SLTCTL_PIC         0x0300  /* power indicator */
#define   PCI_EXP_SLTCTL_IND_ON     0x1     /* indicator values (2 bits) */
#define   PCI_EXP_SLTCTL_IND_BLINK  0x2
#define   PCI_EXP_SLTCTL_IND_OFF    0x3
#define  PCI_EXP_SLTCTL_PCC         0x0400  /* 1: power off */
#define  PCI_EXP_SLTCTL_DLLSCE      0x1000
#define PCI_EXP_SLTSTA              0x1a
#define  PCI_EXP_SLTSTA_ABP         0x0001  /* events: write 1 to clear */
#define  PCI_EXP_SLTSTA_PFD         0x0002
#define  PCI_EXP_SLTSTA_MRLSC       0x0004
#define  PCI_EXP_SLTSTA_PDC         0x0008
#define  PCI_EXP_SLTSTA_CC          0x0010
#define  PCI_EXP_SLTSTA_PDS         0x0040  /* state: presence detect */
#define  PCI_EXP_SLTSTA_DLLSC       0x0100
#define  PCI_EXP_SLTSTA_EVENTS      0x011f
#define PCI_EXP_DEVCAP2             0x24
#define PCI_EXP_DEVCTL2             0x28
#define  PCI_EXP_DEVCTL2_ARI        0x0020  /* ARI forwarding enable */

/* ------------------------------------------------------------ extended caps */
#define PCI_EXT_CAP_PTR_MIN         0x100
/* Header dword: ID [15:0], version [19:16], next [31:20]. */
#define PCI_EXT_CAP_ID(h)           ((h) & 0xffffU)
#define PCI_EXT_CAP_VER(h)          (((h) >> 16) & 0xfU)
#define PCI_EXT_CAP_NEXT(h)         (((h) >> 20) & 0xffcU)
#define PCI_EXT_CAP_HEADER(id, ver, next) \
    (((u32)(id) & 0xffffU) | (((u32)(ver) & 0xfU) << 16) | (((u32)(next) & 0xffcU) << 20))
/* At most this many extended capabilities fit in 0x100..0xfff (a header
 * alone is 4 bytes). */
#define PCI_EXT_CAP_MAX_ENTRIES     ((PCI_CFG_SPACE_EXP_SIZE - PCI_CFG_SPACE_SIZE) / 4)

#define PCI_EXT_CAP_ID_ERR          0x01    /* AER */
#define PCI_EXT_CAP_ID_VC           0x02
#define PCI_EXT_CAP_ID_DSN          0x03
#define PCI_EXT_CAP_ID_PWR          0x04
#define PCI_EXT_CAP_ID_RCLD         0x05
#define PCI_EXT_CAP_ID_RCILC        0x06
#define PCI_EXT_CAP_ID_RCEC         0x07
#define PCI_EXT_CAP_ID_MFVC         0x08
#define PCI_EXT_CAP_ID_VC9          0x09
#define PCI_EXT_CAP_ID_RCRB         0x0a
#define PCI_EXT_CAP_ID_VNDR         0x0b
#define PCI_EXT_CAP_ID_CAC          0x0c
#define PCI_EXT_CAP_ID_ACS          0x0d
#define PCI_EXT_CAP_ID_ARI          0x0e
#define PCI_EXT_CAP_ID_ATS          0x0f
#define PCI_EXT_CAP_ID_SRIOV        0x10
#define PCI_EXT_CAP_ID_MRIOV        0x11
#define PCI_EXT_CAP_ID_MCAST        0x12
#define PCI_EXT_CAP_ID_PRI          0x13
#define PCI_EXT_CAP_ID_REBAR        0x15
#define PCI_EXT_CAP_ID_VF_REBAR     0x24
#define PCI_EXT_CAP_ID_DPA          0x16
#define PCI_EXT_CAP_ID_TPH          0x17
#define PCI_EXT_CAP_ID_LTR          0x18
#define PCI_EXT_CAP_ID_SECPCI       0x19
#define PCI_EXT_CAP_ID_PASID        0x1b

/* ARI capability */
#define PCI_ARI_CAP                 0x04
#define  PCI_ARI_CAP_NFN(c)         (((c) >> 8) & 0xff)  /* next function number */
#define PCI_ARI_CTRL                0x06

/* SR-IOV capability (offsets from its base) */
#define PCI_SRIOV_CAP               0x04    /* 32 bits */
#define  PCI_SRIOV_CAP_VFM          0x00000001U
#define  PCI_SRIOV_CAP_ARI_PRESERVED 0x00000002U
#define PCI_SRIOV_CTRL              0x08    /* 16 bits */
#define  PCI_SRIOV_CTRL_VFE         0x0001  /* VF Enable */
#define  PCI_SRIOV_CTRL_VFM         0x0002  /* VF Migration Enable */
#define  PCI_SRIOV_CTRL_INTR        0x0004  /* VF Migration Interrupt Enable */
#define  PCI_SRIOV_CTRL_MSE         0x0008  /* VF Memory Space Enable */
#define  PCI_SRIOV_CTRL_ARI         0x0010  /* ARI Capable Hierarchy */
#define PCI_SRIOV_STATUS            0x0a
#define PCI_SRIOV_INITIAL_VF        0x0c    /* 16 bits, InitialVFs */
#define PCI_SRIOV_TOTAL_VF          0x0e    /* 16 bits, TotalVFs */
#define PCI_SRIOV_NUM_VF            0x10    /* 16 bits, NumVFs; RO while VFE */
#define PCI_SRIOV_FUNC_LINK         0x12
#define PCI_SRIOV_VF_OFFSET         0x14    /* 16 bits, First VF Offset */
#define PCI_SRIOV_VF_STRIDE         0x16    /* 16 bits, VF Stride */
#define PCI_SRIOV_VF_DID            0x1a    /* 16 bits, VF Device ID */
#define PCI_SRIOV_SUP_PGSIZE        0x1c    /* 32 bits, bit n: 4 KiB << n */
#define PCI_SRIOV_SYS_PGSIZE        0x20    /* 32 bits */
#define PCI_SRIOV_BAR               0x24    /* VF BAR0..5 at 0x24..0x38 */
#define PCI_SRIOV_VF_BAR(n)         (PCI_SRIOV_BAR + 4 * (n))
#define PCI_SRIOV_VFM               0x3c
#define PCI_SRIOV_SIZEOF            0x40
#define PCI_SRIOV_NUM_BARS          6

#endif /* MHV_PCI_REGS_H */
