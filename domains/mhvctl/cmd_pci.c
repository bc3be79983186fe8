/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mhvctl's registry commands: lspci, pci-add, pci-remove, assign,
 * deassign, check.
 */
#include "mhvctl.h"

#define LIST_CHUNK  32
static struct mhv_pci_info list_buf[LIST_CHUNK];

/*
 * One line per registered function:
 *   SSSS:BB:DD.F [vvvv:dddd] dN[ PF vfs=K][ VF of SSSS:BB:DD.F][ broken]
 * dN is the owner's domain id ("d-" for none); then `N devices`.
 */
static void print_device(const struct mhv_pci_info *p)
{
    char owner[8];

    if (p->owner == DOMID_INVALID)
        snprintf(owner, sizeof(owner), "-");
    else
        snprintf(owner, sizeof(owner), "%u", p->owner);
    printf("%pp [%04x:%04x] d%s%s", SBDF_ARG(p->sbdf), p->vendor, p->device,
           owner, (p->flags & MHV_PCI_FLAG_PF) ? " PF" : "");
    if (p->flags & MHV_PCI_FLAG_PF)
        printf(" vfs=%u", p->nr_vfs);
    if (p->flags & MHV_PCI_FLAG_VF)
        printf(" VF of %pp", SBDF_ARG(p->pf_sbdf));
    printf("%s\n", (p->flags & MHV_PCI_FLAG_BROKEN) ? " broken" : "");
}

int cmd_lspci(int argc, char **argv)
{
    uint32_t start = 0, count = 0, total = 0;
    int rc;

    do {
        rc = mhv_pci_list(start, list_buf, LIST_CHUNK, &count, &total);
        if (rc)
            return rc;
        for (uint32_t i = 0; i < count; i++)
            print_device(&list_buf[i]);
        start += count;
    } while (count && start < total);
    printf("%u devices\n", start);
    return 0;
}

int cmd_pci_add(int argc, char **argv)
{
    uint32_t sbdf, pf = 0, flags = 0;
    int rc = arg_sbdf("SBDF", argv[1], &sbdf);

    if (rc)
        return rc;
    if (argc > 2) {
        if (argc != 4 || !str_eq(argv[2], "vf-of")) {
            printf("usage: pci-add SBDF [vf-of PF-SBDF]\n");
            return -MHV_EINVAL;
        }
        rc = arg_sbdf("PF SBDF", argv[3], &pf);
        if (rc)
            return rc;
        if (SBDF_SEG(pf) != SBDF_SEG(sbdf)) {
            printf("a VF and its PF share a segment\n");
            return -MHV_EINVAL;
        }
        flags = XEN_PCI_DEV_VIRTFN;
    }
    return mhv_pci_device_add(sbdf, flags, pf);
}

int cmd_pci_remove(int argc, char **argv)
{
    uint32_t sbdf;
    int rc = arg_sbdf("SBDF", argv[1], &sbdf);

    if (rc)
        return rc;
    net_pf_forget(sbdf);        /* a driver of ours lets go of it first */
    rc = mhv_pci_device_remove(sbdf);
    if (!rc)
        irq_forget_device(sbdf);
    return rc;
}

int cmd_assign(int argc, char **argv)
{
    uint32_t sbdf;
    uint64_t dom;
    int rc = arg_sbdf("SBDF", argv[1], &sbdf);

    if (rc)
        return rc;
    rc = arg_uint("domain id", argv[2], DOMID_SELF - 1, &dom);
    if (rc)
        return rc;
    /*
     * An igb VF's interrupts only work once its PF is in MSI-X mode, and
     * only the PF's owner (us) can do that: do it now, before the VF goes.
     */
    rc = igb_prepare(sbdf);
    if (rc)
        printf("note: igb PF not put in MSI-X mode: %s (%d)\n",
               errno_to_name(rc) ? errno_to_name(rc) : "EUNKNOWN", rc);
    if (dom != mhv_start_info->domid)
        net_pf_forget(sbdf);    /* our own network on it ends here */
    rc = mhv_assign_device((domid_t)dom, sbdf);
    if (!rc) {
        irq_forget_device(sbdf);
        net_vf_moved(sbdf, (domid_t)dom);
    }
    return rc;
}

int cmd_deassign(int argc, char **argv)
{
    struct mhv_pci_info info;
    uint32_t sbdf;
    int rc = arg_sbdf("SBDF", argv[1], &sbdf);

    if (rc)
        return rc;
    rc = mhv_pci_lookup(sbdf, &info);
    if (rc) {
        if (rc == -MHV_ENODEV)
            printf("%pp is not registered\n", SBDF_ARG(sbdf));
        return rc;
    }
    rc = mhv_deassign_device(info.owner, sbdf);
    if (!rc) {
        irq_forget_device(sbdf);
        net_vf_moved(sbdf, mhv_start_info->domid);
    }
    return rc;
}

/*
 * check: the hypervisor checks every invariant of its registry (index and
 * lists, owners, PF <-> VF links, flags) and logs each problem it finds;
 *   registry check: N problems (D devices, V VFs, B broken, R removed PFs)
 * and EIO when N > 0.
 */
int cmd_check(int argc, char **argv)
{
    struct mhv_sysctl op;
    long rc;

    memset(&op, 0, sizeof(op));
    op.cmd = MHV_SYSCTL_pci_check;
    op.interface_version = MHV_SYSCTL_INTERFACE_VERSION;
    rc = mhv_sysctl(&op);
    if (rc < 0)
        return (int)rc;
    printf("registry check: %u problems (%u devices, %u VFs, %u broken, "
           "%u removed PFs)\n", op.u.pci_check.problems, op.u.pci_check.devices,
           op.u.pci_check.vfs, op.u.pci_check.broken,
           op.u.pci_check.removed_pfs);
    return op.u.pci_check.problems ? -MHV_EIO : 0;
}
