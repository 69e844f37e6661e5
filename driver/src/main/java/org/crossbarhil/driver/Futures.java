package org.crossbarhil.driver;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Waits for a board future and rethrows its failure as the typed exception it carries. */
public final class Futures {
    private Futures() {
    }

    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BoardLinkException("interrupted while waiting for the board", e);
        } catch (CancellationException e) {
            throw new BoardLinkException("request cancelled", e);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
    }

    /** The exception to throw for a future's failure cause, with the caller's stack attached. */
    public static RuntimeException unwrap(Throwable cause) {
        while (cause instanceof CompletionException || cause instanceof ExecutionException) {
            if (cause.getCause() == null) {
                break;
            }
            cause = cause.getCause();
        }
        if (cause instanceof BoardException) {
            return ((BoardException) cause).withCallerStack();
        }
        if (cause instanceof RuntimeException) {
            return (RuntimeException) cause;
        }
        if (cause instanceof Error) {
            throw (Error) cause;
        }
        return new BoardLinkException(String.valueOf(cause.getMessage()), cause);
    }
}
