/* SPDX-License-Identifier: GPL-2.0 */
/* The test guests' runtime (guest.h). */
#include <hvmguest/guest.h>

#define COM1            0x3f8
#define BP_CMD_LINE_PTR 0x228
#define BP_EXT_CMD_LINE 0x0c8

extern const u64 vec_stubs[256];

struct idt_gate {
    u16 off0, sel;
    u8 ist, type;
    u16 off1;
    u32 off2, rsvd;
} __packed;

static struct idt_gate idt[256] __aligned(16);
static guest_handler_t handlers[256];
const char *guest_cmdline = "";
u64 guest_ram_end_low;

#define BP_E820_ENTRIES 0x1e8
#define BP_E820_TABLE   0x2d0
#define E820_RAM        1

struct e820_entry {
    u64 addr, size;
    u32 type;
} __packed;

static void read_e820(const u8 *bp)
{
    const struct e820_entry *e = (const void *)(bp + BP_E820_TABLE);
    unsigned int n = bp[BP_E820_ENTRIES];

    for (unsigned int i = 0; i < n && i < 128; i++)
        if (e[i].type == E820_RAM && e[i].addr + e[i].size <= 0x100000000ull &&
            e[i].addr + e[i].size > guest_ram_end_low)
            guest_ram_end_low = e[i].addr + e[i].size;
}

void set_handler(unsigned int vector, guest_handler_t h)
{
    handlers[vector & 255] = h;
}

static void write_gate(unsigned int vector, u64 entry)
{
    u16 cs;

    __asm__ volatile("mov %%cs, %0" : "=r"(cs));
    idt[vector & 255] = (struct idt_gate){ .off0 = (u16)entry, .sel = cs, .type = 0x8e,
                                           .off1 = (u16)(entry >> 16),
                                           .off2 = (u32)(entry >> 32) };
}

void set_gate(unsigned int vector, void (*entry)(void))
{
    write_gate(vector, entry ? (u64)entry : vec_stubs[vector & 255]);
}

static void idt_init(void)
{
    struct {
        u16 limit;
        u64 base;
    } __packed idtr = { sizeof(idt) - 1, (u64)idt };

    for (unsigned int v = 0; v < 256; v++)
        write_gate(v, vec_stubs[v]);
    __asm__ volatile("lidt %0" :: "m"(idtr));
}

void guest_trap(struct guest_frame *f);
void guest_trap(struct guest_frame *f)
{
    guest_handler_t h = handlers[f->vector & 255];

    if (h) {
        h(f);
        return;
    }
    fail("unexpected vector %lu (error code %#lx) at rip %#lx", f->vector,
         f->error_code, f->rip);
}

static void uart_putc(char c)
{
    /* THRE: the holding register takes a byte. */
    for (unsigned int i = 0; i < 100000 && !(inb(COM1 + 5) & 0x20); i++)
        ;
    outb(COM1, (u8)c);
}

int printf(const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    for (const char *p = buf; *p; p++)
        uart_putc(*p);
    return n;
}

void power_off(void)
{
    outb(GUEST_ACPI_SLEEP_CTL, GUEST_ACPI_S5);
    for (;;)
        __asm__ volatile("cli; hlt");
}

void fail(const char *fmt, ...)
{
    char buf[200];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    printf("hvmguest: FAIL: %s\n", buf);
    power_off();
}

bool cmdline_has(const char *word)
{
    size_t n = strlen(word);

    for (const char *p = guest_cmdline; *p; ) {
        while (*p == ' ')
            p++;
        if (!strncmp(p, word, n) && (p[n] == ' ' || p[n] == '\0'))
            return true;
        while (*p && *p != ' ')
            p++;
    }
    return false;
}

u64 cmdline_number(const char *key, unsigned int nth)
{
    size_t n = strlen(key);

    for (const char *p = guest_cmdline; *p; ) {
        while (*p == ' ')
            p++;
        if (!strncmp(p, key, n) && !nth--)
            return simple_strtoul(p + n, NULL, 0);
        while (*p && *p != ' ')
            p++;
    }
    return 0;
}

/* %pS in the shared vsnprintf looks symbols up: the guest has none. */
const char *symbols_lookup(unsigned long addr, unsigned long *offset,
                           unsigned long *size);
const char *symbols_lookup(unsigned long addr, unsigned long *offset,
                           unsigned long *size)
{
    return NULL;
}

void guest_start(const u8 *boot_params);
void guest_start(const u8 *boot_params)
{
    u64 cmd = *(const u32 *)(boot_params + BP_CMD_LINE_PTR) |
              (u64)*(const u32 *)(boot_params + BP_EXT_CMD_LINE) << 32;

    idt_init();
    read_e820(boot_params);
    if (cmd)
        guest_cmdline = (const char *)cmd;
    printf("hvmguest: up, %lu MiB of RAM below 4 GiB, command line '%s'\n",
           guest_ram_end_low >> 20, guest_cmdline);
    if (cmdline_has("hostile"))
        test_hostile();
    else if (cmdline_has("echo"))
        test_echo();
    else if (cmdline_has("cpuid-bench"))
        test_cpuid_bench();
    else if (cmdline_has("msix-bench"))
        test_msix_bench();
    else
        test_boot();
    power_off();
}
