/* db.h - internal to the database layer */
#ifndef SWT_DB_H
#define SWT_DB_H

extern const char *const swt_migrations[];

#endif
