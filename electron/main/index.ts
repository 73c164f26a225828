import { createCore } from '../core/app';
import { startMain } from './main';

void startMain({ createCore });
