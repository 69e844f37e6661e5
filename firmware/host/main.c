/* crossbar-fw-host: the reference firmware on a PC, its HAL backed by device_model.c, served
 * on TCP (--listen HOST:PORT) or on a serial port or pty (--serial PATH). Prints one line,
 * "ready: <where>", once it serves, as `crossbar sim` does. */
#define _DEFAULT_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "crossbar_fw.h"
#include "device_model.h"

static int listener = -1;
static int fds[FW_MAX_CONNS];
static bool is_serial;
static volatile sig_atomic_t stopping;
static struct timespec started;

double hal_time_seconds(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - started.tv_sec) + (now.tv_nsec - started.tv_nsec) * 1e-9;
}

long hal_link_read(int conn, uint8_t *buf, size_t max)
{
    if (fds[conn] < 0)
        return -1;
    ssize_t n = read(fds[conn], buf, max);
    if (n > 0)
        return (long)n;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        return 0;
    if (is_serial)
        return 0;   /* a pty whose other end is closed: wait for the next host to open it */
    close(fds[conn]);
    fds[conn] = -1;
    return -1;
}

void hal_link_write(int conn, const uint8_t *bytes, size_t len)
{
    while (len > 0 && fds[conn] >= 0) {
        ssize_t n = is_serial ? write(fds[conn], bytes, len) : send(fds[conn], bytes, len, MSG_NOSIGNAL);
        if (n > 0) {
            bytes += n;
            len -= (size_t)n;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
            struct pollfd p = {.fd = fds[conn], .events = POLLOUT};
            if (poll(&p, 1, 1000) == 0 && !is_serial)
                return;   /* a peer that reads nothing for a second loses this frame, not the board */
        } else {
            return;   /* broken: the next read reports the close */
        }
    }
}

static void on_signal(int sig)
{
    (void)sig;
    stopping = 1;
}

static int usage(void)
{
    fprintf(stderr, "usage: crossbar-fw-host (--listen HOST:PORT | --serial PATH) [--seed N]\n"
                    "  serves the reference firmware with a simulated crossbar; prints 'ready: <where>'\n");
    return 2;
}

static int open_listener(const char *spec)
{
    char host[64];
    const char *colon = strrchr(spec, ':');
    if (!colon || (size_t)(colon - spec) >= sizeof host) {
        fprintf(stderr, "--listen %s: expected HOST:PORT\n", spec);
        return -1;
    }
    memcpy(host, spec, (size_t)(colon - spec));
    host[colon - spec] = 0;
    char *end;
    long port = strtol(colon + 1, &end, 10);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    if (*end || port < 0 || port > 65535 || inet_pton(AF_INET, host, &a.sin_addr) != 1) {
        fprintf(stderr, "--listen %s: expected an IPv4 HOST and a PORT 0-65535\n", spec);
        return -1;
    }
    int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    socklen_t len = sizeof a;
    if (bind(s, (struct sockaddr *)&a, sizeof a) != 0 || listen(s, 8) != 0
        || getsockname(s, (struct sockaddr *)&a, &len) != 0) {
        fprintf(stderr, "--listen %s: %s\n", spec, strerror(errno));
        close(s);
        return -1;
    }
    fcntl(s, F_SETFL, O_NONBLOCK);
    printf("ready: tcp %s:%u\n", host, ntohs(a.sin_port));
    fflush(stdout);
    return s;
}

static int open_serial(const char *path)
{
    int fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        fprintf(stderr, "--serial %s: %s\n", path, strerror(errno));
        return -1;
    }
    struct termios t;
    if (tcgetattr(fd, &t) == 0) {
        cfmakeraw(&t);
        cfsetspeed(&t, B115200);
        tcsetattr(fd, TCSANOW, &t);
    }
    printf("ready: serial %s @ 115200\n", path);
    fflush(stdout);
    return fd;
}

static void accept_all(void)
{
    for (;;) {
        int c = accept(listener, NULL, NULL);
        if (c < 0)
            return;
        int slot = -1;
        for (int i = 0; i < FW_MAX_CONNS && slot < 0; i++)
            if (fds[i] < 0)
                slot = i;
        if (slot < 0) {
            close(c);   /* every slot taken: the host sees the connection refused at once */
            continue;
        }
        int one = 1;
        setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        fcntl(c, F_SETFL, O_NONBLOCK);
        fds[slot] = c;
        fw_connection_opened(slot);
    }
}

int main(int argc, char **argv)
{
    const char *listen_at = NULL, *serial = NULL;
    uint64_t seed = 1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--listen") && i + 1 < argc)
            listen_at = argv[++i];
        else if (!strcmp(argv[i], "--serial") && i + 1 < argc)
            serial = argv[++i];
        else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
            seed = strtoull(argv[++i], NULL, 10);
        else
            return usage();
    }
    if (!listen_at == !serial)
        return usage();
    clock_gettime(CLOCK_MONOTONIC, &started);
    for (int i = 0; i < FW_MAX_CONNS; i++)
        fds[i] = -1;
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGPIPE, SIG_IGN);
    model_init(seed);
    fw_init();
    if (serial) {
        is_serial = true;
        if ((fds[0] = open_serial(serial)) < 0)
            return 1;
        fw_connection_opened(0);
    } else if ((listener = open_listener(listen_at)) < 0) {
        return 1;
    }
    while (!stopping) {
        struct pollfd p[FW_MAX_CONNS + 1];
        nfds_t n = 0;
        if (listener >= 0)
            p[n++] = (struct pollfd){.fd = listener, .events = POLLIN};
        for (int i = 0; i < FW_MAX_CONNS; i++)
            if (fds[i] >= 0)
                p[n++] = (struct pollfd){.fd = fds[i], .events = POLLIN};
        int ready = poll(p, n, 10);
        if (ready > 0 && is_serial && (p[0].revents & POLLHUP) && !(p[0].revents & POLLIN)) {
            struct timespec pause = {0, 10 * 1000 * 1000};   /* no host on the pty: do not spin */
            nanosleep(&pause, NULL);
        }
        if (listener >= 0)
            accept_all();
        fw_poll();
        fw_tick();
    }
    fw_shutdown();
    return 0;
}
