import GRDB

/// The catalog's tables. Migrations are append-only: never edit a shipped one, add the next.
enum CatalogSchema {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    CREATE TABLE generations(
                        id INTEGER PRIMARY KEY,
                        status TEXT NOT NULL CHECK (status IN ('building','committed','retired')),
                        created_at TEXT NOT NULL,
                        committed_at TEXT,
                        note TEXT NOT NULL DEFAULT '');
                    CREATE TABLE batches(
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        generation INTEGER NOT NULL REFERENCES generations(id),
                        status TEXT NOT NULL CHECK (status IN ('writing','committed','abandoned')),
                        segment TEXT,
                        created_at TEXT NOT NULL,
                        committed_at TEXT,
                        os_user TEXT NOT NULL,
                        host TEXT NOT NULL,
                        pid INTEGER NOT NULL,
                        command TEXT NOT NULL,
                        panel TEXT NOT NULL DEFAULT '',
                        shard TEXT NOT NULL DEFAULT '',
                        rows_accepted INTEGER NOT NULL DEFAULT 0,
                        rows_rejected INTEGER NOT NULL DEFAULT 0,
                        warnings INTEGER NOT NULL DEFAULT 0,
                        segment_bytes INTEGER NOT NULL DEFAULT 0);
                    CREATE INDEX batches_generation ON batches(generation, status);
                    CREATE TABLE sources(
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        batch INTEGER NOT NULL REFERENCES batches(id),
                        generation INTEGER NOT NULL,
                        sha256 TEXT NOT NULL,
                        name TEXT NOT NULL,
                        size INTEGER NOT NULL,
                        format TEXT NOT NULL DEFAULT '',
                        parser_version TEXT NOT NULL DEFAULT '',
                        rows_accepted INTEGER NOT NULL DEFAULT 0,
                        rows_rejected INTEGER NOT NULL DEFAULT 0,
                        warnings INTEGER NOT NULL DEFAULT 0,
                        rejected_reason TEXT NOT NULL DEFAULT '',
                        UNIQUE (generation, sha256));
                    CREATE TABLE audit(
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        time TEXT NOT NULL,
                        os_user TEXT NOT NULL,
                        host TEXT NOT NULL,
                        action TEXT NOT NULL,
                        details TEXT NOT NULL);
                    CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
                        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                    CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
                        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                    """)
        }
        m.registerMigration("v2: processing configuration per batch") { db in
            // How the batch's values were mapped and linked (panel, linkage, manifest, blood
            // counts, as JSON of absolute paths), so reprocessing can apply today's version of
            // the same configuration.
            try db.execute(sql: "ALTER TABLE batches ADD COLUMN processing TEXT NOT NULL DEFAULT ''")
        }
        m.registerMigration("v3: writer owner lock per batch") { db in
            // The token of the writer's lock file (`tmp/<owner>.lock`, held with flock while it
            // runs): a claim is live while that lock is held, whatever its pid or host.
            try db.execute(sql: "ALTER TABLE batches ADD COLUMN owner TEXT NOT NULL DEFAULT ''")
        }
        return m
    }
}
