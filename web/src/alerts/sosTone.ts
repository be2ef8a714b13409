/**
 * A short two-note tone for a new SOS, made with WebAudio: no sound file to download, nothing
 * outside the page. The browser may refuse sound until the user has clicked the page once; the
 * panel's visual alarm stands on its own then.
 */
let context: AudioContext | undefined;

export function playSosTone(): void {
  try {
    context ??= new AudioContext();
    void context.resume();
    const start = context.currentTime;
    const gain = context.createGain();
    gain.connect(context.destination);
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.2, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.6);
    for (const [i, frequency] of [880, 660].entries()) {
      const tone = context.createOscillator();
      tone.type = 'square';
      tone.frequency.value = frequency;
      tone.connect(gain);
      tone.start(start + i * 0.3);
      tone.stop(start + i * 0.3 + 0.28);
    }
  } catch {
    // No audio device or no WebAudio: the alarm is still shown.
  }
}
