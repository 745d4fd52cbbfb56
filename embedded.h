/* Files compiled into the binary at build time (rules/embed.awk). */
#ifndef EMBEDDED_H
#define EMBEDDED_H

struct embedded_file {
	const char	*name;
	const char	*text;
};

/* Ends with an entry whose name is NULL. */
extern const struct embedded_file embedded_rules[];

#endif
