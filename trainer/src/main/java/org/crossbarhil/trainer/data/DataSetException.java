package org.crossbarhil.trainer.data;

/** A data file is missing, unreadable, corrupt or inconsistent; the message names the file and the problem. */
public class DataSetException extends RuntimeException {
    public DataSetException(String message) {
        super(message);
    }

    public DataSetException(String message, Throwable cause) {
        super(message, cause);
    }
}
