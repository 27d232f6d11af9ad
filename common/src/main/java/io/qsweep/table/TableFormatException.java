package io.qsweep.table;

import java.io.IOException;

/** A malformed or unsupported table file ({@code .npy} or CSV); the message names the file, what was found and what is
 * supported. */
public final class TableFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public TableFormatException(String message) {
    super(message);
  }
}
