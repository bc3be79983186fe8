/* SPDX-License-Identifier: GPL-2.0 */
/* domctl(struct mhv_domctl *): domain control, control domain only. */
#ifndef MHV_PUBLIC_DOMCTL_H
#define MHV_PUBLIC_DOMCTL_H

#include "mhv.h"
#include "hvm.h"

#define MHV_DOMCTL_INTERFACE_VERSION    1

#define XEN_DOMCTL_getdomaininfo        5   /* domain info by id */
#define XEN_DOMCTL_assign_device        37
#define XEN_DOMCTL_deassign_device      47
#define MHV_DOMCTL_hvm_create           0x100   /* mhv-only: u.hvm_create */
#define MHV_DOMCTL_hvm_destroy          0x101   /* mhv-only: domain */
#define MHV_DOMCTL_hvm_info             0x102   /* mhv-only: domain, u.hvm_info */
#define MHV_DOMCTL_hvm_unpause          0x103   /* mhv-only: domain (created paused) */

struct mhv_domctl_domaininfo {
    domid_t domid;
    uint16_t pad;
    uint32_t flags;             /* MHV_SIF_PRIVILEGED, MHV_DOMINFO_* */
    uint32_t nr_devices;        /* PCI devices owned */
    uint32_t nr_pirqs;          /* pirqs mapped */
    uint32_t cpu;               /* where its vCPU runs */
    uint32_t state;             /* MHV_DOMSTATE_* */
    char name[32];
    uint64_t events;            /* interrupts delivered (shared_info.events) */
    uint32_t dev_events;        /* device events queued, not yet taken
                                   (PHYSDEVOP_mhv_dev_event) */
    uint32_t pad2;
    uint64_t progress;          /* the domain's shared_info.progress */
};
#define MHV_DOMINFO_HVM         (1u << 1)   /* a hardware-virtualized domain */

#define MHV_DOMSTATE_RUNNING    0
#define MHV_DOMSTATE_BLOCKED    1
#define MHV_DOMSTATE_SHUTDOWN   2
#define MHV_DOMSTATE_CRASHED    3
#define MHV_DOMSTATE_DYING      4   /* shutting down or crashing: its devices
                                       and interrupts are being given back;
                                       then SHUTDOWN or CRASHED */

struct mhv_domctl {
    uint32_t cmd;
    uint32_t interface_version; /* MHV_DOMCTL_INTERFACE_VERSION */
    domid_t domain;             /* target domain */
    uint16_t pad[3];
    union {
        struct {
            uint32_t sbdf;      /* seg << 16 | bus << 8 | devfn */
            uint32_t flags;
        } assign_device;        /* assign_device, deassign_device */
        struct mhv_domctl_domaininfo getdomaininfo;    /* out */
        struct mhv_hvm_create hvm_create;               /* in/out */
        struct {
            uint64_t buf;       /* in: where struct mhv_hvm_info goes */
        } hvm_info;
        uint8_t pad[128];
    } u;
};

#endif /* MHV_PUBLIC_DOMCTL_H */
