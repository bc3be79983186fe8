/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ordinary domain's privilege and robustness checks (see domu.h).
 * Every call here must fail without hurting the hypervisor; a call that
 * succeeds, or fails with another error, is a FAILED line.
 */
#include "domu.h"
#include <runtime/hypercall.h>

/* A function owned by the control domain (the igb PF behind the root
 * port in the standard QEMU machine, BRIEF §5); a VF of it. */
#define OTHER_SBDF      SBDF_MAKE(0, 1, 0, 0)
#define OTHER_VF_SBDF   SBDF_MAKE(0, 1, 0x10, 0)

/* Addresses the hypervisor must refuse to read or write for us. */
#define HV_PTR          0xffff800000000000ull   /* hypervisor direct map */
#define NONCANON_PTR    0x8000000000000000ull
#define UNMAPPED_PTR    0x0000000000001000ull   /* below MHV_USER_BASE */
#define STRADDLE_PTR    (MHV_USER_END - 8)      /* runs past user space */

static unsigned int passed, failed;

static void check(const char *name, long rc, int want)
{
    const char *got = rc >= 0 ? NULL : errno_to_name((int)rc);
    bool ok = rc == -want;

    if (rc >= 0)
        printf("priv %s: success %ld (expected %s) %s\n", name, rc,
               errno_to_name(want), ok ? "ok" : "FAILED");
    else
        printf("priv %s: %s (expected %s) %s\n", name, got ? got : "EUNKNOWN",
               errno_to_name(want), ok ? "ok" : "FAILED");
    if (ok)
        passed++;
    else
        failed++;
}

static long try_domctl(uint32_t cmd, domid_t dom, uint32_t sbdf)
{
    struct mhv_domctl op = {
        .cmd = cmd, .interface_version = MHV_DOMCTL_INTERFACE_VERSION,
        .domain = dom,
    };

    op.u.assign_device.sbdf = sbdf;
    return mhv_domctl(&op);
}

static void registry_checks(void)
{
    check("pci_device_add", mhv_pci_device_add(OTHER_SBDF, 0, 0), MHV_EPERM);
    check("pci_device_add virtfn",
          mhv_pci_device_add(OTHER_VF_SBDF, XEN_PCI_DEV_VIRTFN, OTHER_SBDF),
          MHV_EPERM);
    check("pci_device_remove", mhv_pci_device_remove(OTHER_SBDF), MHV_EPERM);
    check("manage_pci_add", mhv_manage_pci_add(1, 0), MHV_EPERM);
    check("manage_pci_remove", mhv_manage_pci_remove(1, 0), MHV_EPERM);
}

static void domctl_sysctl_checks(void)
{
    struct mhv_domctl_domaininfo info;
    struct mhv_heap_counters heap;

    check("assign_device to self",
          try_domctl(XEN_DOMCTL_assign_device, (domid_t)mhv_start_info->domid,
                     OTHER_SBDF), MHV_EPERM);
    check("assign_device to d0",
          try_domctl(XEN_DOMCTL_assign_device, 0, OTHER_VF_SBDF), MHV_EPERM);
    check("deassign_device",
          try_domctl(XEN_DOMCTL_deassign_device, 0, OTHER_SBDF), MHV_EPERM);
    check("getdomaininfo d0", mhv_domain_info(0, &info), MHV_EPERM);
    check("sysctl heap", mhv_heap(&heap), MHV_EPERM);
}

static void device_checks(void)
{
    volatile void *va;
    uint32_t v;
    int pirq;

    check("pci_conf read of a foreign device",
          mhv_pci_conf_read(OTHER_SBDF, PCI_VENDOR_ID, 4, &v), MHV_EPERM);
    check("pci_conf write of a foreign device",
          mhv_pci_conf_write(OTHER_SBDF, PCI_COMMAND, 2, 0), MHV_EPERM);
    check("map_pirq msix of a foreign device",
          mhv_map_pirq_msix(DOMID_SELF, OTHER_SBDF, 0, &pirq), MHV_EPERM);
    check("map_pirq msi of a foreign device",
          mhv_map_pirq_msi(DOMID_SELF, OTHER_SBDF, &pirq), MHV_EPERM);
    check("map_pirq for d0",
          mhv_map_pirq_msix(0, OTHER_SBDF, 0, &pirq), MHV_EPERM);
    check("unmap_pirq for d0", mhv_unmap_pirq(0, 0), MHV_EPERM);
    check("map_bar of a foreign device",
          mhv_map_bar(OTHER_SBDF, 0, &va, NULL), MHV_EPERM);
    check("console_io read", mhv_console_read((char *)&v, sizeof(v)),
          MHV_EPERM);
}

static long console_write_raw(uint64_t ptr, unsigned long len)
{
    return hypercall3(__HYPERVISOR_console_io, CONSOLEIO_write, len, ptr);
}

static void pointer_checks(void)
{
    check("console_io write from hypervisor memory",
          console_write_raw(HV_PTR, 16), MHV_EFAULT);
    check("console_io write from a non-canonical address",
          console_write_raw(NONCANON_PTR, 16), MHV_EFAULT);
    check("console_io write from an unmapped page",
          console_write_raw(UNMAPPED_PTR, 16), MHV_EFAULT);
    check("console_io write past the end of user space",
          console_write_raw(STRADDLE_PTR, 16), MHV_EFAULT);
    check("sched_op poll with a hypervisor pointer",
          hypercall2(__HYPERVISOR_sched_op, SCHEDOP_poll, HV_PTR), MHV_EFAULT);
    check("physdev_op pci_conf with a hypervisor pointer",
          mhv_physdev_op(PHYSDEVOP_mhv_pci_conf, (void *)HV_PTR), MHV_EFAULT);
    check("physdev_op map_pirq with a non-canonical pointer",
          mhv_physdev_op(PHYSDEVOP_map_pirq, (void *)NONCANON_PTR), MHV_EFAULT);
    check("sysctl with a hypervisor pointer",
          mhv_sysctl((struct mhv_sysctl *)HV_PTR), MHV_EFAULT);
}

static void unknown_op_checks(void)
{
    check("unknown hypercall 63", hypercall0(63), MHV_ENOSYS);
    check("hypercall 4096 (beyond the table)", hypercall0(4096), MHV_ENOSYS);
    check("hypercall -1", hypercall0(~0ul), MHV_ENOSYS);
    check("unknown physdev_op", mhv_physdev_op(999, NULL), MHV_ENOSYS);
    check("unknown sched_op", hypercall2(__HYPERVISOR_sched_op, 99, 0),
          MHV_ENOSYS);
    check("unknown console_io",
          hypercall3(__HYPERVISOR_console_io, 99, 0, 0), MHV_ENOSYS);
}

int privilege_checks(void)
{
    passed = failed = 0;
    registry_checks();
    domctl_sysctl_checks();
    device_checks();
    pointer_checks();
    unknown_op_checks();
    printf("privilege checks: %u passed, %u failed\n", passed, failed);
    return (int)failed;
}
