package org.crossbarhil.trainer.runs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The few places where SQLite and PostgreSQL differ for the run store, and nothing else: column
 * types in the schema, how a new row's id comes back, what orders events, and what a fresh
 * connection needs. Every statement the store runs is otherwise the same text on both (upserts use
 * {@code INSERT ... ON CONFLICT}, which both accept).
 */
enum Dialect {
    SQLITE("INTEGER PRIMARY KEY AUTOINCREMENT", "INTEGER", "REAL", "BLOB", "", "rowid"),
    POSTGRESQL("BIGSERIAL PRIMARY KEY", "BIGINT", "DOUBLE PRECISION", "BYTEA", "seq BIGSERIAL, ", "seq");

    /** How long an SQLite connection waits for another writer's short transaction before "database is locked". */
    static final int BUSY_TIMEOUT_MILLIS = 10_000;

    private final String idColumn;
    private final String longType;
    private final String realType;
    private final String blobType;
    private final String eventSequenceColumn;
    private final String eventOrder;

    Dialect(String idColumn, String longType, String realType, String blobType, String eventSequenceColumn, String eventOrder) {
        this.idColumn = idColumn;
        this.longType = longType;
        this.realType = realType;
        this.blobType = blobType;
        this.eventSequenceColumn = eventSequenceColumn;
        this.eventOrder = eventOrder;
    }

    /**
     * The schema's portable DDL with its type placeholders filled in: {@code {id}} an
     * auto-numbered primary key, {@code {long}} a 64-bit integer, {@code {real}} a double,
     * {@code {blob}} bytes, {@code {event_seq}} the column that keeps events in insertion order
     * (SQLite has its rowid).
     */
    String ddl(String portable) {
        return portable.replace("{id}", idColumn).replace("{long}", longType).replace("{real}", realType).replace("{blob}", blobType)
                .replace("{event_seq}", eventSequenceColumn);
    }

    /** The column events are ordered by (insertion order). */
    String eventOrder() {
        return eventOrder;
    }

    /** An INSERT whose generated {@code id} can be read from {@link PreparedStatement#getGeneratedKeys()}, column 1. */
    PreparedStatement insertReturningId(Connection db, String sql) throws SQLException {
        return this == SQLITE ? db.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS) : db.prepareStatement(sql, new String[] {"id"});
    }

    /**
     * Connection properties. SQLite: transactions take the write lock when they begin, so a
     * migration that reads the schema version and then changes it cannot interleave with another
     * process doing the same.
     */
    Properties connectionProperties() {
        Properties p = new Properties();
        if (this == SQLITE) {
            p.setProperty("transaction_mode", "IMMEDIATE");
            p.setProperty("busy_timeout", Integer.toString(BUSY_TIMEOUT_MILLIS));
            p.setProperty("foreign_keys", "true");
        }
        return p;
    }
}
