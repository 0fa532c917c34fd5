package app.tokencheck.slack;

import app.tokencheck.diagnosis.Diagnosis;
import com.slack.api.model.block.LayoutBlock;
import java.util.List;

/**
 * Blocks added under a diagnosis for a particular reader, such as the hand-over of a fix when a
 * support person checked someone else.
 */
interface ReplyExtras {
  /**
   * Returns the blocks to add under {@code diagnosis} for {@code viewer}, possibly none.
   *
   * @param viewer who asked for the check; differs from the diagnosis's subject when a support
   *     person checked someone else
   */
  List<LayoutBlock> after(Diagnosis diagnosis, String viewer);
}
