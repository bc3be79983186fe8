/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mhvctl: the control domain program.  Reads commands from its script
 * module (command line `script=...`) and then from the console, runs them
 * and prints one result line per command.  See docs/hypercalls.md,
 * "The mhvctl shell".
 */
#include "mhvctl.h"

/* The console is polled: console_io read never waits. */
#define INPUT_POLL_NS   (20ull * 1000 * 1000)

/* Events that arrived while nobody waited for them (see stray_events()). */
static uint64_t stray[MHV_NR_PIRQS / 64];

static void collect_stray_events(void)
{
    uint64_t taken[MHV_NR_PIRQS / 64];

    if (mhv_pirq_drain(taken)) {
        hotplug_claim(taken);   /* the slots' interrupts are not stray */
        for (unsigned int i = 0; i < MHV_NR_PIRQS / 64; i++)
            stray[i] |= taken[i];
    }
}

/*
 * Before each prompt: report (and forget) events no command waited for,
 * e.g. an interrupt that came after `fire` gave up.  Left pending, they
 * would also make every poll return at once.
 */
static void report_stray_events(void)
{
    collect_stray_events();
    for (unsigned int i = 0; i < MHV_NR_PIRQS; i++) {
        if (stray[i / 64] & (1ull << (i % 64)))
            printf("pirq %u event while no command waited for it\n", i);
    }
    memset(stray, 0, sizeof(stray));
}

static void maybe_exit(void)
{
    if (!mhvctl_exit_requested)
        return;
    console_flush();
    mhv_shutdown(mhvctl_exit_code);
    /* Only reached if the hypervisor refused. */
    printf("mhvctl: shutdown refused; staying up\n");
    mhvctl_exit_requested = 0;
}

/* True when the command line has a word starting with "script=". */
static bool has_script_option(const char *cmdline)
{
    const char *p = cmdline;

    while (*p) {
        while (*p == ' ')
            p++;
        if (!strncmp(p, "script=", 7))
            return true;
        while (*p && *p != ' ')
            p++;
    }
    return false;
}

static void trim(char *line)
{
    size_t len = strlen(line);
    char *p = line;

    while (len && (line[len - 1] == ' ' || line[len - 1] == '\t' ||
                   line[len - 1] == '\r'))
        line[--len] = '\0';
    while (*p == ' ' || *p == '\t')
        p++;
    if (p != line)
        memmove(line, p, strlen(p) + 1);
}

/*
 * Run the script held in the module: each command echoed after the prompt
 * as if typed; comments and blank lines skipped silently.
 */
static void run_script(const char *text, size_t len)
{
    char line[MHVCTL_LINE_MAX];
    size_t pos = 0;

    while (pos < len) {
        size_t n = 0;
        bool too_long = false;

        while (pos < len && text[pos] != '\n') {
            if (n + 1 < sizeof(line))
                line[n++] = text[pos] ? text[pos] : ' ';
            else
                too_long = true;
            pos++;
        }
        pos++;                          /* the '\n' */
        line[n] = '\0';
        trim(line);
        if (!line[0] || line[0] == '#')
            continue;
        report_stray_events();
        printf(MHVCTL_PROMPT "%s\n", line);
        if (too_long) {
            printf("line longer than %d characters\n", MHVCTL_LINE_MAX - 1);
            printf("error EINVAL (-%d)\n", MHV_EINVAL);
            continue;
        }
        mhvctl_run_line(line);
        maybe_exit();
    }
}

/*
 * Read one line from the console with echo.  Handles backspace/DEL,
 * ^U (erase the line), CR, LF and CR LF; drops other control characters
 * and ANSI escape sequences (arrow keys).
 */
static void read_line(char *buf, size_t size)
{
    static bool last_cr;
    enum { NORMAL, ESC, CSI } state = NORMAL;
    size_t len = 0;

    for (;;) {
        int c = console_getc();

        if (c < 0) {
            collect_stray_events();
            mhvctl_idle_ns(INPUT_POLL_NS);  /* slots and network drivers */
            continue;
        }
        if (state == ESC) {
            state = (c == '[' || c == 'O') ? CSI : NORMAL;
            continue;
        }
        if (state == CSI) {
            if (c >= 0x40 && c <= 0x7e)
                state = NORMAL;
            continue;
        }
        if (c == '\n' && last_cr) {     /* the LF of a CR LF */
            last_cr = false;
            continue;
        }
        last_cr = (c == '\r');
        switch (c) {
        case '\r':
        case '\n':
            console_puts("\n");
            buf[len] = '\0';
            return;
        case 0x08:
        case 0x7f:
            if (len) {
                len--;
                console_puts("\b \b");
            }
            break;
        case 0x15:                      /* ^U */
            for (; len; len--)
                console_puts("\b \b");
            break;
        case 0x1b:
            state = ESC;
            break;
        default:
            if (c >= 0x20 && c < 0x7f && len + 1 < size) {
                char s[2] = { (char)c, '\0' };

                buf[len++] = (char)c;
                console_puts(s);
            }
            break;
        }
        console_flush();
    }
}

int main(const struct start_info *si)
{
    char line[MHVCTL_LINE_MAX];

    mhvctl_start_tsc = mhvctl_rdtsc();
    printf("mhvctl: control domain d%u, %u CPUs; 'help' lists the commands\n",
           si->domid, si->nr_cpus);
    if (!(si->flags & MHV_SIF_PRIVILEGED))
        printf("mhvctl: warning: this domain is not the control domain\n");
    hotplug_boot(si->cmdline);

    if (has_script_option(si->cmdline)) {
        if (si->mod_start && si->mod_len)
            run_script((const char *)(uintptr_t)si->mod_start,
                       (size_t)si->mod_len);
        else
            printf("mhvctl: script= given but there is no script module\n");
    }

    for (;;) {
        report_stray_events();
        console_puts(MHVCTL_PROMPT);
        console_flush();
        read_line(line, sizeof(line));
        mhvctl_run_line(line);
        maybe_exit();
    }
}
