/* db_sqlite.h - internal to the SQLite backend of the database layer */
#ifndef SWT_DB_SQLITE_H
#define SWT_DB_SQLITE_H

extern const char *const swt_migrations[];

#endif
