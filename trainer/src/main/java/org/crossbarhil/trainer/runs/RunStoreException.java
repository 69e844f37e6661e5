package org.crossbarhil.trainer.runs;

/** The run database cannot be opened, read or written; the message names the file. */
public class RunStoreException extends RuntimeException {
    public RunStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public RunStoreException(String message) {
        super(message);
    }
}
