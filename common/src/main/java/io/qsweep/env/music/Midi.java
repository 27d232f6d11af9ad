package io.qsweep.env.music;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

/**
 * Small helpers over {@code javax.sound.midi} for writing compositions as Standard MIDI Files (type 1: a conductor
 * track with tempo and time signature, then one track per part). Times are in ticks at {@value #PPQ} per quarter
 * note.
 */
public final class Midi {
  /** Ticks per quarter note. */
  public static final int PPQ = 480;
  /** The General MIDI percussion channel (channel 10, 0-based 9). */
  public static final int DRUM_CHANNEL = 9;

  private Midi() {
  }

  /** A new PPQ sequence whose first track holds the tempo, the time signature {@code num/den} and a title. */
  public static Sequence newSequence(String title, double bpm, int num, int den) {
    try {
      Sequence seq = new Sequence(Sequence.PPQ, PPQ);
      Track conductor = seq.createTrack();
      meta(conductor, 0x03, title.getBytes(StandardCharsets.US_ASCII));
      int usPerQuarter = (int) Math.round(60_000_000 / bpm);
      meta(conductor, 0x51, new byte[] {(byte) (usPerQuarter >> 16), (byte) (usPerQuarter >> 8),
          (byte) usPerQuarter});
      meta(conductor, 0x58, new byte[] {(byte) num, (byte) Integer.numberOfTrailingZeros(den), 24, 8});
      return seq;
    } catch (InvalidMidiDataException e) {
      throw new IllegalArgumentException("cannot start a MIDI sequence: " + e.getMessage(), e);
    }
  }

  /** A new track named {@code name} that plays General MIDI {@code program} on {@code channel}. */
  public static Track newTrack(Sequence seq, String name, int channel, int program) {
    Track t = seq.createTrack();
    meta(t, 0x03, name.getBytes(StandardCharsets.US_ASCII));
    if (channel != DRUM_CHANNEL) {
      shortMessage(t, ShortMessage.PROGRAM_CHANGE, channel, program, 0, 0);
    }
    return t;
  }

  /** A note from tick {@code start} (inclusive) to {@code end} (exclusive). */
  public static void note(Track t, int channel, int pitch, int velocity, long start, long end) {
    if (end <= start) {
      throw new IllegalArgumentException("note " + pitch + " ends at " + end + ", not after its start " + start);
    }
    shortMessage(t, ShortMessage.NOTE_ON, channel, pitch, velocity, start);
    shortMessage(t, ShortMessage.NOTE_OFF, channel, pitch, 0, end);
  }

  /** Writes {@code seq} as a type-1 Standard MIDI File. */
  public static void write(Sequence seq, Path file) {
    try {
      MidiSystem.write(seq, 1, file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write MIDI file " + file, e);
    }
  }

  /** The number of NOTE_ON events with a positive velocity (i.e. notes) over all tracks. */
  public static int countNotes(Sequence seq) {
    int n = 0;
    for (Track t : seq.getTracks()) {
      for (int i = 0; i < t.size(); i++) {
        MidiMessage m = t.get(i).getMessage();
        if (m instanceof ShortMessage && ((ShortMessage) m).getCommand() == ShortMessage.NOTE_ON
            && ((ShortMessage) m).getData2() > 0) {
          n++;
        }
      }
    }
    return n;
  }

  private static void shortMessage(Track t, int command, int channel, int d1, int d2, long tick) {
    try {
      t.add(new MidiEvent(new ShortMessage(command, channel, d1, d2), tick));
    } catch (InvalidMidiDataException e) {
      throw new IllegalArgumentException("invalid MIDI message (command " + command + ", channel " + channel
          + ", data " + d1 + ", " + d2 + "): " + e.getMessage(), e);
    }
  }

  private static void meta(Track t, int type, byte[] data) {
    try {
      t.add(new MidiEvent(new MetaMessage(type, data, data.length), 0));
    } catch (InvalidMidiDataException e) {
      throw new IllegalArgumentException("invalid MIDI meta message " + type + ": " + e.getMessage(), e);
    }
  }
}
