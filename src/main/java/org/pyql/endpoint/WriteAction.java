package org.pyql.endpoint;

/** The row-changing writes of the data API; each has one route on {@code /db} and one op name in a sequenced batch. */
public enum WriteAction {
    /** A row object, or an array of row objects. */
    INSERT,
    /** {@code {"set": {...}, "where": ...}}. */
    UPDATE,
    /** {@code {"where": ...}}. */
    DELETE,
    /** The set object for the row with a key; 404 when there is none. */
    UPDATE_KEY,
    /** The row with a key; 404 when there is none. */
    DELETE_KEY
}
